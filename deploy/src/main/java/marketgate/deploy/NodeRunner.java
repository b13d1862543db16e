package marketgate.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a node, then waits for SIGTERM/Ctrl-C and shuts it down in order. */
final class NodeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);
  private static final int STOP_TIMEOUT_SECONDS = 60;

  private NodeRunner() {}

  static int run(Future<Vertx> vertxFuture, MarketgateConfig config, Set<Role> roles) throws Exception {
    Node node;
    try {
      Vertx vertx = vertxFuture.toCompletionStage().toCompletableFuture().get();
      node = Node.start(vertx, config, roles)
          .onFailure(e -> vertx.close())
          .toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.error("start-up failed: {}", e.getCause().getMessage(), e.getCause());
      System.err.println("marketgate: start-up failed: " + e.getCause().getMessage());
      return 1;
    }
    LOG.info("marketgate is up: node {}, roles {}, data in {}, http port {}", node.cluster().nodeId(), roles,
        config.dataDir().toAbsolutePath(), node.httpPort());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("stopped cleanly");
      } catch (Exception e) {
        LOG.error("shutdown did not finish cleanly: {}", e.toString());
      } finally {
        stopped.countDown();
      }
    }, "marketgate-shutdown"));
    stopped.await();
    return 0;
  }
}
