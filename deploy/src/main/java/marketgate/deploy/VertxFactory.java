package marketgate.deploy;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.config.ConfigException;
import marketgate.shared.config.MarketgateConfig;

/** Creates the Vert.x instance: plain for embedded mode, clustered on Hazelcast otherwise. */
final class VertxFactory {
  private VertxFactory() {}

  /** Micrometer metrics (HTTP routes, event bus) are switched on here, at creation, as Vert.x requires. */
  static VertxOptions options(MarketgateConfig config) {
    return GatewayMetrics.vertxOptions(new VertxOptions());
  }

  static Vertx embedded(MarketgateConfig config) {
    return Vertx.builder().with(options(config)).build();
  }

  static Future<Vertx> clustered(MarketgateConfig config) {
    Config hazelcast;
    if (config.cluster().configFile() != null) {
      try {
        hazelcast = Config.loadFromFile(config.cluster().configFile().toFile());
      } catch (IOException e) {
        throw new ConfigException("cluster.configFile", "cannot read " + config.cluster().configFile() + ": " + e.getMessage());
      }
    } else {
      // cluster.xml in the jar (deploy/src/main/resources), else Vert.x's default-cluster.xml.
      hazelcast = ConfigUtil.loadConfig();
    }
    return Vertx.builder()
        .with(options(config))
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
