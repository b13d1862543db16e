package marketgate.workers.bluedot.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class DriveSyncVerticleTest {
  private static final Clock FETCH_DAY = Clock.fixed(Instant.parse("2025-08-02T06:30:00Z"), ZoneOffset.UTC);
  @TempDir Path temp;
  private final FakeDrive fake = new FakeDrive();

  private static byte[] daily(String symbol) throws Exception {
    try (InputStream in = DriveSyncVerticleTest.class.getResourceAsStream("/bluedot/DIX_daily.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("\"DIX.IN\"", "\"" + symbol + ".IN\"").getBytes(StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void driveLayout() throws Exception {
    fake.folder("D", "daily", "ROOT");
    fake.folder("W", "weekly", "ROOT");
    fake.folder("T", "triggers", "ROOT");
    fake.folder("F", "2025-08-01", "D");
    fake.file("A", "AAA_daily.json", "F", daily("AAA"));
    fake.file("B", "BBB_daily.json", "F", daily("BBB"));
    fake.fileWithMd5("C", "CCC_daily.json", "F", daily("CCC"), "0123456789abcdef0123456789abcdef");
    fake.file("TR", "daily_ready.txt", "T", "2025-08-01\n".getBytes(StandardCharsets.UTF_8));
    fake.failFirst.put("A", new java.util.concurrent.atomic.AtomicInteger(2));
    fake.changePages.put("100", new JsonObject().put("nextPageToken", "150").put("changes", new JsonArray()
        .add(new JsonObject().put("fileId", "gone").put("removed", true))));
    fake.changePages.put("150", new JsonObject().put("newStartPageToken", "200").put("changes", new JsonArray()
        .add(new JsonObject().put("fileId", "TR").put("file", FakeDrive.json(fake.nodes.get("TR"))))));
  }

  private Future<String> deploy(Vertx vertx, Path data) {
    return fake.start(vertx).compose(base -> {
      MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", data.toString())
          .put("bluedot", new JsonObject().put("driveApiUrl", base).put("folderId", "ROOT")
              .put("webhookAddress", "https://gw.example/webhooks/drive").put("downloadConcurrency", 2)
              .put("goodBatchShare", 0.5).put("pollSeconds", 3600)));
      MarketgateConfig withSecrets = MarketgateConfig.from(config.toJson(), Secrets.none()
          .with(Secrets.GOOGLE_API_KEY, "test-key").with(Secrets.DRIVE_CHANNEL_TOKEN, "chan-secret"));
      return vertx.deployVerticle(new DriveSyncVerticle(withSecrets, FETCH_DAY, 10),
          new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    });
  }

  @Test
  void aTriggerDownloadsRetriesChecksMd5AndConvertsTheBatch(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("bluedot/drive"));
    Files.writeString(data.resolve(DriveSyncVerticle.PAGE_TOKEN), "100");
    vertx.eventBus().<JsonObject>consumer(Addresses.BLUEDOT_CONVERTED, m -> ctx.verify(() -> {
      JsonObject batch = m.body();
      assertEquals("2025-08-01", batch.getString("label"));
      assertEquals(3, batch.getInteger("files"));
      assertEquals(2, batch.getInteger("converted"));
      assertTrue(batch.getBoolean("good"));
      String reason = batch.getJsonArray("failures").getJsonObject(0).getString("reason");
      assertTrue(reason.contains("md5"), reason);
      assertEquals(3, fake.downloads.get("A").get(), "two 503s, then the file");
      assertEquals(4, fake.downloads.get("C").get(), "a bad checksum is retried three times");
      assertTrue(Files.exists(data.resolve("pages/daily/latest/AAA_PRICE_DATA.csv")));
      assertFalse(Files.exists(data.resolve("pages/daily/latest/CCC_PRICE_DATA.csv")));
      assertFalse(Files.exists(data.resolve("bluedot/incoming/daily/2025-08-01")), "downloads are cleaned up");
      assertEquals(1, fake.watches.size());
      JsonObject watch = fake.watches.get(0);
      assertEquals("web_hook", watch.getString("type"));
      assertEquals("chan-secret", watch.getString("token"));
      assertEquals("https://gw.example/webhooks/drive", watch.getString("address"));
      fake.requests.forEach(r -> assertEquals("test-key", r.getParam("key"), r.uri()));
      // The new start page token is saved after the batch.
      vertx.setTimer(200, t -> ctx.verify(() -> {
        assertEquals("200", Files.readString(data.resolve(DriveSyncVerticle.PAGE_TOKEN)));
        // The monitor's "batch missing" check reads the newest batch per timeframe from the status.
        vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_STATUS, new JsonObject())
            .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
              assertEquals("2025-08-01", status.body().getJsonObject("batches").getJsonObject("daily").getString("label"));
              ctx.completeNow();
            })));
      }));
    }));
    deploy(vertx, data).onComplete(ctx.succeeding(id ->
        vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject().put("channelId", "c").put("messageNumber", 2))));
    assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS));
  }

  @Test
  void aBatchSmallerThanThePreviousOneWaitsAsPending(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("bluedot/drive"));
    Files.writeString(data.resolve(DriveSyncVerticle.PAGE_TOKEN), "100");
    Files.createDirectories(data.resolve("pages"));
    Files.writeString(data.resolve("pages/index.json"),
        new JsonObject().put("daily", new JsonObject().put("label", "2025-07-31").put("files", 10)).encode());
    vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERTED, m -> ctx.failNow("3 of 10 files must not convert"));
    deploy(vertx, data).onComplete(ctx.succeeding(id -> {
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      vertx.setPeriodic(100, timer -> vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_STATUS, new JsonObject())
          .onSuccess(reply -> {
            JsonObject status = reply.body();
            if (!status.getBoolean("syncing") && status.getJsonArray("pending").contains("daily/2025-08-01")) {
              vertx.cancelTimer(timer);
              ctx.verify(() -> {
                assertFalse(Files.exists(data.resolve("pages/daily/2025-08-01")));
                assertEquals("200", Files.readString(data.resolve(DriveSyncVerticle.PAGE_TOKEN)));
                ctx.completeNow();
              });
            }
          }));
    }));
    assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS));
  }

  @Test
  void theChannelIsRenewedBeforeItExpiresAndTheOldOneStopped(Vertx vertx, VertxTestContext ctx) throws Exception {
    // Drive grants only a short life: the renewal is due at once (after the 1 s floor).
    fake.grantedExpiration = Long.toString(FETCH_DAY.millis() + 60_000);
    deploy(vertx, temp.resolve("data")).onComplete(ctx.succeeding(id ->
        vertx.setPeriodic(100, timer -> {
          if (fake.watches.size() >= 2 && !fake.stops.isEmpty()) {
            vertx.cancelTimer(timer);
            ctx.verify(() -> {
              assertEquals(fake.watches.get(0).getString("id"), fake.stops.get(0).getString("id"));
              assertEquals("res-1", fake.stops.get(0).getString("resourceId"));
              assertFalse(fake.watches.get(0).getString("id").equals(fake.watches.get(1).getString("id")));
              assertEquals("100", fake.watches.get(0).getString("pageToken"), "a fresh start page token");
              ctx.completeNow();
            });
          }
        })));
    assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS));
  }
}
