package marketgate.workers.publish;

import static marketgate.workers.publish.PublishFixtures.INFY;
import static marketgate.workers.publish.PublishFixtures.TCS;
import static marketgate.workers.publish.PublishFixtures.gunzipJson;
import static marketgate.workers.publish.PublishFixtures.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class PublishVerticleTest {
  @TempDir Path dir;
  private CandleStore store;
  private DataStore data;
  private MarketgateConfig config;

  @BeforeEach
  void setUp() throws Exception {
    store = PublishFixtures.store();
    tick(store, INFY, 1500.05, 1000, "09:15:10");
    tick(store, TCS, 3500, 200, "09:16:00");
    data = new DataStore(dir);
    // Long intervals: only the start-up publish and the ones a test asks for happen.
    config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("publish", new JsonObject().put("marketIntervalSeconds", 3600).put("offHoursIntervalSeconds", 3600)));
  }

  private PublishVerticle deploy(Vertx vertx, VertxTestContext ctx) {
    PublishVerticle verticle = new PublishVerticle(config, store, data, MarketClock.withBuiltInHolidays(), "simulator");
    return verticle;
  }

  @Test
  void startUpPublishWritesEveryFileAndAnnouncesItsEtags(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SNAPSHOT_PUBLISHED, msg -> ctx.verify(() -> {
      JsonObject body = msg.body();
      assertNotNull(body.getString("time"));
      Set<String> paths = new TreeSet<>();
      for (Object o : body.getJsonArray("files")) {
        JsonObject file = (JsonObject) o;
        paths.add(file.getString("path"));
        byte[] onDisk = Files.readAllBytes(dir.resolve(file.getString("path")));
        assertEquals(file.getInteger("size"), onDisk.length);
        assertEquals(PublishedFile.of("x", onDisk, 0).etag(), file.getString("etag"), "etag is the SHA-256 of the bytes");
      }
      assertTrue(paths.contains("data/candles/latest.json.gz"));
      assertTrue(paths.contains("data/ticks/ticks_latest.json.gz"));
      assertTrue(paths.contains("data/metadata.json"));
      assertTrue(paths.stream().anyMatch(p -> p.matches("data/candles/\\d{4}-\\d{2}-\\d{2}/candles_\\d{4}\\.json\\.gz")));

      JsonNode ticks = gunzipJson(Files.readAllBytes(dir.resolve("data/ticks/ticks_latest.json.gz")));
      JsonNode infy = ticks.get(Integer.toString(INFY));
      assertEquals("INFY", infy.get("trading_symbol").asText());
      assertEquals(1500.05, infy.get("ohlcv").get("close").asDouble());
      assertEquals("2026-11-20T09:15:10+05:30", infy.get("ohlcv").get("timestamp").asText());

      JsonObject metadata = new JsonObject(Buffer.buffer(Files.readAllBytes(dir.resolve("data/metadata.json"))));
      assertEquals(Set.of("last_update", "last_update_ist", "is_market_hours", "data_source", "instrument_count",
          "version", "publisher", "availability", "last_full_snapshot", "last_incremental", "incremental_files",
          "health", "alerts"), metadata.fieldNames());
      assertEquals("simulator", metadata.getString("data_source"));
      assertEquals(2, metadata.getInteger("instrument_count"));
      assertEquals(0, metadata.getJsonObject("health").getInteger("consecutive_failures"));
      assertEquals(1, metadata.getJsonArray("incremental_files").size());
      assertEquals(15, metadata.getJsonObject("alerts").getInteger("stale_data_threshold_minutes"));
      ctx.completeNow();
    }));
    vertx.deployVerticle(deploy(vertx, ctx)).onFailure(ctx::failNow);
  }

  @Test
  void snapshotFileServesTheNewestBytesWithEtagAndUnknownPathsGet404(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(deploy(vertx, ctx))
        .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_NOW, new JsonObject()))
        .compose(reply -> vertx.eventBus().<Buffer>request(Addresses.SNAPSHOT_FILE,
            new JsonObject().put("path", "data/candles/latest.json.gz")))
        .compose(file -> {
          ctx.verify(() -> {
            byte[] onDisk = Files.readAllBytes(dir.resolve("data/candles/latest.json.gz"));
            assertEquals(Buffer.buffer(onDisk), file.body());
            assertEquals(PublishedFile.of("x", onDisk, 0).etag(), file.headers().get("etag"));
            assertTrue(Long.parseLong(file.headers().get("last-modified")) > 0);
          });
          return vertx.eventBus().request(Addresses.SNAPSHOT_FILE, new JsonObject().put("path", "data/nope.json"));
        })
        .onSuccess(r -> ctx.failNow("an unknown path must fail"))
        .onFailure(e -> ctx.verify(() -> {
          assertEquals(404, ((ReplyException) e).failureCode());
          ctx.completeNow();
        }));
  }

  @Test
  void aFailedPublishDegradesHealthAndTheNextSuccessCarriesTheMissedTicks(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(deploy(vertx, ctx))
        .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_NOW, new JsonObject()))
        .compose(first -> vertx.executeBlocking(() -> {
          // A regular file where the candles folder should be: every candle write now fails.
          tick(store, INFY, 1600, 5000, "09:40:00");
          Path candles = dir.resolve("data/candles");
          Files.walk(candles).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          Files.writeString(candles, "in the way");
          return first.body();
        }))
        .compose(first -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_NOW, new JsonObject())
            .transform(ar -> {
              ctx.verify(() -> assertTrue(ar.failed(), "publish must fail while the folder is blocked"));
              return vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_STATUS, new JsonObject());
            }))
        .compose(status -> vertx.executeBlocking(() -> {
          assertEquals(1, status.body().getInteger("consecutive_failures"));
          JsonObject metadata = new JsonObject(Buffer.buffer(Files.readAllBytes(dir.resolve("data/metadata.json"))));
          assertEquals("degraded", metadata.getJsonObject("health").getString("status"));
          assertEquals(1, metadata.getJsonObject("health").getInteger("consecutive_failures"));
          Files.delete(dir.resolve("data/candles"));
          return null;
        }))
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH_NOW, new JsonObject()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonObject result = reply.body();
          JsonNode dated = gunzipJson(Files.readAllBytes(dir.resolve(result.getString("dated_file"))));
          JsonNode minutes = dated.get("INFY").get("candles").get("1m");
          assertEquals(1600.0, minutes.get(minutes.size() - 1).get("close").asDouble(),
              "the tick applied while publishing failed is in the next dated file");
          JsonObject metadata = new JsonObject(Buffer.buffer(Files.readAllBytes(dir.resolve("data/metadata.json"))));
          assertEquals(0, metadata.getJsonObject("health").getInteger("consecutive_failures"));
          assertFalse(metadata.getJsonObject("health").getString("status").equals("degraded"));
          ctx.completeNow();
        })));
  }
}
