package marketgate.benchmarks;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ceiling for the load test: a bare Vert.x server (epoll, one event loop per core, no router,
 * no metrics, no validators) answering from a map of files read at start. The gateway's overhead
 * is its distance from this, measured in the same run as nginx.
 *
 * <p>{@code BareFileServer <dataDir> <port> <relative path>...}
 */
public final class BareFileServer {
  private BareFileServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: BareFileServer <dataDir> <port> <relative path>...");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    Map<String, Buffer> files = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      files.put("/" + args[i], Buffer.buffer(Files.readAllBytes(root.resolve(args[i]))));
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> {
          Buffer body = files.get(request.path());
          if (body == null) {
            request.response().setStatusCode(404).end();
          } else {
            request.response().putHeader("content-type", "application/octet-stream").end(body);
          }
        }).listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("bare server on " + port + (vertx.isNativeTransportEnabled() ? " (epoll)" : "")));
  }
}
