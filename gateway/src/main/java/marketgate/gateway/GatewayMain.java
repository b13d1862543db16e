package marketgate.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.config.MarketgateConfig;

/**
 * The gateway alone, for load tests and quick looks: {@code GatewayMain <dataDir> <port> [memoryMaxBytes]}. Serves
 * the data directory through the mirror with metrics on; the real entry point is the deploy jar.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: GatewayMain <dataDir> <port> [memoryMaxBytes]");
      System.exit(2);
    }
    JsonObject gatewaySection = new JsonObject();
    if (args.length > 2) {
      gatewaySection.put("memoryMaxBytes", Long.parseLong(args[2]));
    }
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", args[0])
        .put("gateway", gatewaySection)
        .put("http", new JsonObject().put("host", "0.0.0.0").put("port", Integer.parseInt(args[1]))));
    Vertx vertx = Vertx.vertx(GatewayMetrics.vertxOptions(new VertxOptions()));
    GatewayVerticle gateway = new GatewayVerticle(config);
    vertx.deployVerticle(gateway)
        .onSuccess(id -> System.out.println("gateway listening on " + gateway.actualPort() + " serving " + config.dataDir()
            + (vertx.isNativeTransportEnabled() ? " (epoll)" : " (nio)")))
        .onFailure(err -> {
          err.printStackTrace();
          vertx.close();
          System.exit(1);
        });
  }
}
