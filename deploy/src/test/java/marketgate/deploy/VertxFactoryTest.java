package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.List;
import java.util.Map;
import marketgate.shared.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** One cluster.xml for every member: address, port and member list come from config and env. */
class VertxFactoryTest {
  @Test
  void environmentSetsTheMembersAddressPortAndMemberList() {
    var cluster = ConfigLoader.load(null, Map.of(
        "MARKETGATE_CLUSTER_HOST", "10.0.0.11",
        "MARKETGATE_CLUSTER_PORT", "5710",
        "MARKETGATE_CLUSTER_MEMBERS", "10.0.0.11:5710, 10.0.0.12:5710"), null).cluster();
    Config hazelcast = ConfigUtil.loadConfig();
    VertxFactory.applyOverrides(hazelcast, cluster);

    var network = hazelcast.getNetworkConfig();
    assertEquals("10.0.0.11", network.getPublicAddress());
    assertEquals(List.of("10.0.0.11"), List.copyOf(network.getInterfaces().getInterfaces()));
    assertEquals(5710, network.getPort());
    assertFalse(network.getJoin().getMulticastConfig().isEnabled(), "a member list turns multicast off");
    assertTrue(network.getJoin().getTcpIpConfig().isEnabled());
    assertEquals(List.of("10.0.0.11:5710", "10.0.0.12:5710"), network.getJoin().getTcpIpConfig().getMembers());
  }

  @Test
  void withoutOverridesTheXmlDecides() {
    var cluster = ConfigLoader.load(null, Map.of(), null).cluster();
    Config hazelcast = ConfigUtil.loadConfig();
    int port = hazelcast.getNetworkConfig().getPort();
    VertxFactory.applyOverrides(hazelcast, cluster);
    assertEquals(port, hazelcast.getNetworkConfig().getPort());
    assertEquals(15, Integer.parseInt(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")),
        "the jar's cluster.xml declares a dead member within 15 s, so failover stays under 30 s");
  }
}
