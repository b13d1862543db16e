package marketgate.workers.publish;

import static marketgate.workers.publish.PublishFixtures.INFY;
import static marketgate.workers.publish.PublishFixtures.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the monitor reads from the publisher: per-target health, and its own open incidents in metadata.json. */
class PublishTargetsHealthTest {
  @TempDir Path dir;

  @Test
  void aFailingGitTargetDoesNotStopTheLocalCopyAndIsReportedPerTarget() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CandleStore store = PublishFixtures.store();
      tick(store, INFY, 1500.05, 1000, "09:15:10");
      // git first, with a remote that does not exist: the local target after it must still be written.
      MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", dir.resolve("data").toString())
          .put("publish", new JsonObject().put("targets", new JsonArray(List.of("git", "local")))
              .put("marketIntervalSeconds", 3600).put("offHoursIntervalSeconds", 3600)
              .put("git", new JsonObject().put("remote", dir.resolve("missing.git").toString()).put("pushRetries", 0))));
      DataStore data = new DataStore(config.dataDir());
      vertx.deployVerticle(new PublishVerticle(config, store, data, MarketClock.withBuiltInHolidays(), "simulator")).await();
      JsonObject incidents = new JsonObject().put("open", new JsonArray().add(new JsonObject()
          .put("id", "snapshots.target_failing@1").put("check", "snapshots.target_failing").put("summary", "git failing")));
      vertx.eventBus().publish(Addresses.MONITOR_INCIDENTS, incidents);
      Throwable failed = vertx.eventBus().request(Addresses.PUBLISH_NOW, new JsonObject())
          .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
      assertTrue(failed != null && failed.getMessage().contains("target git"), String.valueOf(failed));

      JsonObject status = vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_STATUS, new JsonObject()).await().body();
      JsonObject targets = status.getJsonObject("target_status");
      assertEquals(false, targets.getJsonObject("git").getBoolean("ok"));
      assertEquals(true, targets.getJsonObject("local").getBoolean("ok"));
      JsonObject metadata = new JsonObject(Files.readString(dir.resolve("data/data/metadata.json"), StandardCharsets.UTF_8));
      assertEquals("snapshots.target_failing", metadata.getJsonObject("health").getJsonArray("open_incidents")
          .getJsonObject(0).getString("check"), "metadata.json shows the monitor's open incidents");
    } finally {
      vertx.close().await();
    }
  }
}
