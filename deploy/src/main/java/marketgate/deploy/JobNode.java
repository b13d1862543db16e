package marketgate.deploy;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.function.Function;
import marketgate.shared.config.MarketgateConfig;

/** Runs a job inside a short-lived node of the given roles, then stops the node in order. */
final class JobNode {
  private JobNode() {}

  static int run(MarketgateConfig config, Set<Role> roles, Function<Node, Integer> job) throws Exception {
    Vertx vertx = Vertx.vertx(); // a job needs no metrics endpoint
    Node node;
    try {
      node = Node.start(vertx, config, roles).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      vertx.close();
      System.err.println("marketgate: " + e.getCause().getMessage());
      return 1;
    }
    try {
      return job.apply(node);
    } finally {
      node.stop().toCompletionStage().toCompletableFuture().get();
    }
  }
}
