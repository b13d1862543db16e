package marketgate.gateway.api;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import marketgate.gateway.GatewayFixture;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.bus.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's face on the gateway: {@code GET /api/v1/alerts} from {@code monitor.status}, and a
 * Prometheus gauge per check from the {@code monitor.incidents} events. The monitor itself is a
 * worker (the gateway never imports workers), so a bus consumer answers in its documented shape.
 */
class AlertsApiTest {
  @TempDir Path dataDir;

  private static final JsonObject INCIDENT = new JsonObject().put("id", "ticks.no_tick@1").put("check", "ticks.no_tick")
      .put("summary", "last tick batch 200 s ago").put("opened", "2026-11-18T05:30:00Z").put("closed", null).put("alerts", 1);

  private Future<GatewayFixture> gateway(Vertx vertx) {
    return GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")));
  }

  @Test
  void alertsListOpenAndRecentIncidentsFromTheMonitor() {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.eventBus().consumer(Addresses.MONITOR_STATUS, m -> m.reply(new JsonObject().put("time", "2026-11-18T05:35:00Z")
          .put("healthy", false).put("checks", new JsonObject())
          .put("incidents", new JsonObject().put("open", new JsonArray().add(INCIDENT)).put("recent", new JsonArray()))));
      GatewayFixture gw = gateway(vertx).await();
      GatewayFixture.Reply reply = gw.get("/api/v1/alerts").await();
      assertEquals(200, reply.status());
      assertEquals(false, reply.json().getBoolean("healthy"));
      assertEquals(INCIDENT, reply.json().getJsonArray("open").getJsonObject(0));
      assertEquals(0, reply.json().getJsonArray("recent").size());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void alertsAnswer503WhenNoMonitorRuns() {
    Vertx vertx = Vertx.vertx();
    try {
      GatewayFixture.Reply reply = gateway(vertx).await().get("/api/v1/alerts").await();
      assertEquals(503, reply.status());
      assertEquals("unavailable", reply.json().getString("error"));
      assertTrue(reply.json().getString("detail").contains(Addresses.MONITOR_STATUS));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void eachMonitorCheckIsAPrometheusGaugeOfZeroOrOne() throws Exception {
    Vertx vertx = Vertx.vertx(GatewayMetrics.vertxOptions(new VertxOptions()));
    try {
      GatewayFixture gw = gateway(vertx).await();
      vertx.eventBus().publish(Addresses.MONITOR_INCIDENTS, new JsonObject().put("open", new JsonArray().add(INCIDENT))
          .put("checks", new JsonObject().put("ticks.no_tick", 1).put("snapshots.stale", 0)));
      String failing = "marketgate_monitor_check_failing{check=\"ticks.no_tick\"} 1.0";
      String fine = "marketgate_monitor_check_failing{check=\"snapshots.stale\"} 0.0";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String text = gw.get("/metrics").await().text();
      while (!(text.contains(failing) && text.contains(fine)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        text = gw.get("/metrics").await().text();
      }
      assertTrue(text.contains(failing) && text.contains(fine), text.lines()
          .filter(l -> l.contains("monitor")).toList().toString());
      vertx.eventBus().publish(Addresses.MONITOR_INCIDENTS, new JsonObject().put("open", new JsonArray())
          .put("checks", new JsonObject().put("ticks.no_tick", 0).put("snapshots.stale", 0)));
      String cleared = "marketgate_monitor_check_failing{check=\"ticks.no_tick\"} 0.0";
      while (!text.contains(cleared) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        text = gw.get("/metrics").await().text();
      }
      assertTrue(text.contains(cleared), "the gauge follows the monitor back to 0");
    } finally {
      vertx.close().await();
    }
  }
}
