package marketgate.deploy;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.config.ClusterConfig;
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
   * so {@code /status} lists who does what and the monitor can tell which singleton roles a departed
   * member took with it.
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
    applyOverrides(hazelcast, config.cluster());
    if (!config.cluster().host().isEmpty()) {
      options.getEventBusOptions().setHost(config.cluster().host());
    }
    options.getEventBusOptions().setPort(config.cluster().busPort());
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  /**
   * {@code cluster.host}, {@code cluster.port} and {@code cluster.members} (so also
   * {@code MARKETGATE_CLUSTER_HOST}, ..._PORT, ..._MEMBERS) win over the XML: one cluster.xml serves
   * every member, each started with its own address.
   */
  static void applyOverrides(Config hazelcast, ClusterConfig cluster) {
    var network = hazelcast.getNetworkConfig();
    if (!cluster.host().isEmpty()) {
      // An address without a port: with "host:port" here Vert.x would announce that as its event-bus host.
      network.setPublicAddress(cluster.host());
      if (cluster.host().matches("[0-9.]+|[0-9a-fA-F:]+")) {
        // Hazelcast's interfaces take addresses only; a DNS name (a Kubernetes pod) keeps the XML's.
        network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(cluster.host()));
      }
    }
    if (cluster.port() > 0) {
      network.setPort(cluster.port());
    }
    if (!cluster.members().isEmpty()) {
      var join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
  }
}
