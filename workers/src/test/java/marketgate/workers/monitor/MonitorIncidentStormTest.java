package marketgate.workers.monitor;

import static marketgate.workers.monitor.MonitorFixtures.MARKET;
import static marketgate.workers.monitor.MonitorFixtures.TRADING_DAY;
import static marketgate.workers.monitor.MonitorFixtures.eventually;
import static marketgate.workers.monitor.MonitorFixtures.ist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import marketgate.shared.time.DrivenClock;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.workers.publish.PublishVerticle;
import marketgate.workers.ticks.CandleStore;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real publisher with two targets, the local directory and a git remote that does not exist yet:
 * every publish fails on git while local works. Over a simulated hour (the monitor's clock moved a
 * minute per round, a publish per round) the remote appears at minute 40. The admin chat and the
 * webhook each get exactly one alert and one recovery.
 */
class MonitorIncidentStormTest {
  @TempDir Path dir;

  @Test
  void aFailingPublishTargetForAnHourGivesOneAlertAndOneRecovery() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RecordingServer telegram = RecordingServer.start(vertx).await();
      RecordingServer webhook = RecordingServer.start(vertx).await();
      Path remote = dir.resolve("remote.git");
      JsonObject overrides = new JsonObject()
          .put("dataDir", dir.resolve("data").toString())
          .put("publish", new JsonObject().put("targets", new JsonArray(List.of("local", "git")))
              .put("marketIntervalSeconds", 86_400).put("offHoursIntervalSeconds", 86_400)
              .put("git", new JsonObject().put("remote", remote.toString()).put("pushRetries", 0)))
          // Only the target check is under test: failures in a row would be a second, rightful incident.
          .put("alerts", new JsonObject().put("checkSeconds", 86_400).put("holdSeconds", 120).put("repeatMinutes", 60)
              .put("publishFailuresInRow", 100_000));
      MarketgateConfig config = MonitorFixtures.withChannels(overrides, telegram.url(), webhook.url() + "/hook");
      CandleStore store = new CandleStore(Universe.builtIn().limit(5), config.ticks().ringSize(), false);
      vertx.deployVerticle(new PublishVerticle(config, store, new DataStore(config.dataDir()), MARKET, "simulator")).await();
      // 17:00 IST: after the session, so no freshness check joins in.
      DrivenClock clock = new DrivenClock(ist(TRADING_DAY, "17:00"));
      vertx.deployVerticle(new MonitorVerticle(config, MARKET, clock, () -> Future.succeededFuture(ClusterView.NOT_CLUSTERED), 10))
          .await();

      for (int minute = 0; minute < 60; minute++) {
        if (minute == 40) {
          Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        }
        vertx.eventBus().request(Addresses.PUBLISH_NOW, new JsonObject()).otherwiseEmpty().await();
        JsonObject status = vertx.eventBus().<JsonObject>request(Addresses.MONITOR_CHECK, new JsonObject()).await().body();
        if (minute == 30) {
          assertEquals(false, status.getBoolean("healthy"), "the git target has been failing for half an hour");
          assertEquals(SnapshotChecks.TARGET_SPLIT,
              status.getJsonObject("incidents").getJsonArray("open").getJsonObject(0).getString("check"));
        }
        clock.advance(Duration.ofMinutes(1));
      }

      eventually("both channels deliver what was queued", () -> {
        JsonObject channels = vertx.eventBus().<JsonObject>request(Addresses.MONITOR_STATUS, new JsonObject()).await()
            .body().getJsonObject("channels");
        return channels.getJsonObject("telegram").getInteger("queued") == 0
            && channels.getJsonObject("webhook").getInteger("queued") == 0;
      });
      assertEquals(2, telegram.accepted().size(), "Telegram: " + telegram.accepted());
      assertTrue(telegram.accepted().get(0).body().getString("text").contains("failing"));
      assertTrue(telegram.accepted().get(1).body().getString("text").contains("recovered"));
      assertEquals(2, webhook.accepted().size(), "webhook: " + webhook.accepted());
      JsonObject opened = webhook.accepted().get(0).body();
      assertEquals("opened", opened.getString("kind"));
      assertEquals(opened.getString("text"), opened.getString("content"), "Slack text and Discord content");
      assertEquals(SnapshotChecks.TARGET_SPLIT, opened.getJsonObject("incident").getString("check"));
      assertEquals("recovered", webhook.accepted().get(1).body().getString("kind"));

      JsonObject incidents = vertx.eventBus().<JsonObject>request(Addresses.MONITOR_STATUS, new JsonObject()).await()
          .body().getJsonObject("incidents");
      assertEquals(0, incidents.getJsonArray("open").size());
      assertEquals(1, incidents.getJsonArray("recent").size());
    } finally {
      vertx.close().await();
    }
  }
}
