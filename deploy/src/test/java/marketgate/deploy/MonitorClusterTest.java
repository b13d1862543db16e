package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.workers.monitor.MonitorVerticle;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster members in one JVM (Hazelcast over 127.0.0.1, a cluster name of their own): the
 * monitor on one sees the other's roles through the cluster manager, and opens
 * {@code cluster.member_lost} when that member, the only one with {@code ticks} and
 * {@code publish}, leaves.
 */
class MonitorClusterTest {
  @TempDir Path dir;

  @Test
  void theMonitorSeesMembersRolesAndNoticesASingletonRoleLeaving() throws Exception {
    Path hazelcast = dir.resolve("cluster.xml");
    Files.writeString(hazelcast, """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>monitor-test-%s</cluster-name>
          <network>
            <join>
              <multicast enabled="false"/>
              <tcp-ip enabled="true"><member-list><member>127.0.0.1</member></member-list></tcp-ip>
            </join>
            <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
          </network>
          <multimap name="__vertx.subs"><backup-count>1</backup-count><value-collection-type>SET</value-collection-type></multimap>
          <map name="__vertx.haInfo"><backup-count>1</backup-count></map>
          <map name="__vertx.nodeInfo"><backup-count>1</backup-count></map>
        </hazelcast>
        """.formatted(UUID.randomUUID()));
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dir.resolve("data").toString())
        .put("cluster", new JsonObject().put("enabled", true).put("configFile", hazelcast.toString()))
        .put("alerts", new JsonObject().put("holdSeconds", 0).put("checkSeconds", 86_400)));
    Vertx monitorNode = VertxFactory.clustered(config, EnumSet.of(Role.MONITOR)).await();
    Vertx workerNode = VertxFactory.clustered(config, EnumSet.of(Role.TICKS, Role.PUBLISH)).await();
    try {
      monitorNode.deployVerticle(new MonitorVerticle(config, MarketClock.withBuiltInHolidays())).await();
      JsonObject first = membersSettle(monitorNode, 2);
      JsonObject members = first.getJsonObject("cluster").getJsonObject("members");
      assertEquals(2, members.size(), first.getJsonObject("cluster").encode());
      assertTrue(members.stream().anyMatch(e -> e.getValue().toString().contains("ticks")), members.encode());
      assertEquals("ok", first.getJsonObject("checks").getJsonObject("cluster.member_lost").getString("status"));

      workerNode.close().await();
      workerNode = null;
      JsonObject after = membersSettle(monitorNode, 1);
      JsonObject lost = after.getJsonObject("checks").getJsonObject("cluster.member_lost");
      assertEquals("failing", lost.getString("status"), after.encode());
      assertTrue(lost.getString("detail").contains("publish") && lost.getString("detail").contains("ticks"), lost.encode());
      assertEquals(false, after.getBoolean("healthy"));
    } finally {
      if (workerNode != null) {
        workerNode.close().await();
      }
      monitorNode.close().await();
    }
  }

  /** Runs monitor rounds until the cluster view has that many members (membership news travels). */
  private static JsonObject membersSettle(Vertx vertx, int members) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonObject status = check(vertx);
    while (status.getJsonObject("cluster").getJsonObject("members", new JsonObject()).size() != members
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = check(vertx);
    }
    return status;
  }

  private static JsonObject check(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.MONITOR_CHECK, new JsonObject()).await().body();
  }
}
