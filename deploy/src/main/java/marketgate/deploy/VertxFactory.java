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

  /**
   * A cluster member that announces its roles in the node metadata ({@code {"roles": ["ticks", ...]}}),
   * so the monitor can tell which singleton roles a departed member took with it.
   */
  static Future<Vertx> clustered(MarketgateConfig config, java.util.Set<Role> roles) {
    io.vertx.core.json.JsonArray names = new io.vertx.core.json.JsonArray();
    roles.forEach(r -> names.add(r.name().toLowerCase(java.util.Locale.ROOT)));
    VertxOptions options = options(config);
    options.getEventBusOptions().setClusterNodeMetadata(new io.vertx.core.json.JsonObject().put("roles", names));
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
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
