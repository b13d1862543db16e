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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.testing.Eventually;
import marketgate.shared.time.DrivenClock;
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
    return deploy(vertx, data, FETCH_DAY);
  }

  private Future<String> deploy(Vertx vertx, Path data, Clock clock) {
    return fake.start(vertx).compose(base -> {
      MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", data.toString())
          .put("bluedot", new JsonObject().put("driveApiUrl", base).put("folderId", "ROOT")
              .put("webhookAddress", "https://gw.example/webhooks/drive").put("downloadConcurrency", 2)
              .put("goodBatchShare", 0.5).put("pollSeconds", 3600).put("pendingExpirySeconds", 3600)));
      MarketgateConfig withSecrets = MarketgateConfig.from(config.toJson(), Secrets.none()
          .with(Secrets.GOOGLE_API_KEY, "test-key").with(Secrets.DRIVE_CHANNEL_TOKEN, "chan-secret"));
      return vertx.deployVerticle(new DriveSyncVerticle(withSecrets, clock, 10),
          new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    });
  }

  private static Future<JsonObject> status(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_STATUS, new JsonObject()).map(m -> m.body());
  }

  /** Waits until the sync's status satisfies {@code test}, and answers that status. */
  private static Future<JsonObject> statusWhen(Vertx vertx, java.util.function.Predicate<JsonObject> test) {
    JsonObject[] seen = {null};
    return Eventually.until(vertx, () -> status(vertx).map(s -> {
      seen[0] = s;
      return test.test(s);
    })).map(v -> seen[0]);
  }

  private static void writePreviousIndex(Path data, String content) throws Exception {
    Files.createDirectories(data.resolve("pages"));
    Files.writeString(data.resolve("pages/index.json"), content);
  }

  private static void savedPageToken(Path data) throws Exception {
    Files.createDirectories(data.resolve("bluedot/drive"));
    Files.writeString(data.resolve(DriveSyncVerticle.PAGE_TOKEN), "100");
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
      Eventually.untilTrue(vertx, () -> "200".equals(Files.readString(data.resolve(DriveSyncVerticle.PAGE_TOKEN))))
          // The monitor's "batch missing" check reads the newest batch per timeframe from the status.
          .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_STATUS, new JsonObject()))
          .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
            assertEquals("2025-08-01", status.body().getJsonObject("batches").getJsonObject("daily").getString("label"));
            ctx.completeNow();
          })));
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
    deploy(vertx, data).compose(id -> {
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      return statusWhen(vertx, s -> !s.getBoolean("syncing") && s.getJsonArray("pending").contains("daily/2025-08-01"));
    }).onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      assertFalse(Files.exists(data.resolve("pages/daily/2025-08-01")));
      assertEquals("200", Files.readString(data.resolve(DriveSyncVerticle.PAGE_TOKEN)));
      assertEquals(0, status.getLong("errors"), "waiting for the rest of a batch is not an error");
      ctx.completeNow();
    })));
    assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS));
  }

  @Test
  void theChannelIsRenewedBeforeItExpiresAndTheOldOneStopped(Vertx vertx, VertxTestContext ctx) throws Exception {
    // Drive grants only a short life: the renewal is due at once (after the 1 s floor).
    fake.grantedExpiration = Long.toString(FETCH_DAY.millis() + 60_000);
    deploy(vertx, temp.resolve("data"))
        .compose(id -> Eventually.untilTrue(vertx, () -> fake.watches.size() >= 2 && !fake.stops.isEmpty()))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(fake.watches.get(0).getString("id"), fake.stops.get(0).getString("id"));
          assertEquals("res-1", fake.stops.get(0).getString("resourceId"));
          assertFalse(fake.watches.get(0).getString("id").equals(fake.watches.get(1).getString("id")));
          assertEquals("100", fake.watches.get(0).getString("pageToken"), "a fresh start page token");
          ctx.completeNow();
        })));
    assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS));
  }

  @Test
  void twoConversionRequestsForOneBatchRunOneConversion(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path data = temp.resolve("data");
    fake.failFirst.clear();
    AtomicInteger converted = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERTED, m -> converted.incrementAndGet());
    JsonObject request = new JsonObject().put("timeframe", "daily").put("date", "2025-08-01");
    deploy(vertx, data).compose(id -> Future.all(
            vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_CONVERT, request),
            vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_CONVERT, request)))
        .compose(both -> Eventually.untilTrue(vertx, () -> converted.get() >= 1).map(both))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          for (int i = 0; i < 2; i++) {
            JsonObject reply = both.<io.vertx.core.eventbus.Message<JsonObject>>resultAt(i).body();
            assertEquals("2025-08-01", reply.getString("label"));
            assertEquals(2, reply.getInteger("converted"), "the second request joins the first, whole");
          }
          for (String file : List.of("A", "B", "C")) {
            assertEquals(file.equals("C") ? 4 : 1, fake.downloads.get(file).get(), "one download of " + file);
          }
          assertEquals(1, converted.get(), "one conversion");
          assertTrue(Files.exists(data.resolve("pages/daily/latest/BBB_PRICE_DATA.csv")));
          ctx.completeNow();
        })));
    assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
  }

  @Test
  void aCorruptPreviousIndexFailsTheCompletenessCheckClosedWithTheReason(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path data = temp.resolve("data");
    savedPageToken(data);
    writePreviousIndex(data, "{\"daily\": {\"label\": \"2025-07-31\", \"files\": 10");
    vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERTED, m -> ctx.failNow("no batch converts without its check"));
    deploy(vertx, data).compose(id -> {
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      return statusWhen(vertx, s -> !s.getBoolean("syncing") && s.getString("lastError") != null);
    }).onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      String error = status.getString("lastError");
      assertTrue(error.contains("pages/index.json is corrupt") && error.contains("fails closed"), error);
      assertTrue(status.getJsonArray("pending").contains("daily/2025-08-01"), status.encode());
      assertFalse(Files.exists(data.resolve("pages/daily/latest")));
      assertFalse(Files.exists(data.resolve("pages/daily/2025-08-01")));
      ctx.completeNow();
    })));
    assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
  }

  @Test
  void aTriggerWhoseBatchIsMissingKeepsTheReasonInStatus(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path data = temp.resolve("data");
    savedPageToken(data);
    fake.file("TR", "daily_ready.txt", "T", "2025-08-05\n".getBytes(StandardCharsets.UTF_8));
    deploy(vertx, data).compose(id -> {
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      return statusWhen(vertx, s -> !s.getBoolean("syncing") && s.getJsonArray("pending").contains("daily/2025-08-05"));
    }).onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      String error = status.getString("lastError");
      assertTrue(error != null && error.contains("daily/2025-08-05") && error.contains("no Drive folder '2025-08-05'"),
          status.encode());
      assertTrue(status.getLong("errors") >= 1);
      ctx.completeNow();
    })));
    assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
  }

  @Test
  void aBatchThatNeverCompletesExpiresAndIsReported(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path data = temp.resolve("data");
    savedPageToken(data);
    writePreviousIndex(data, new JsonObject().put("daily", new JsonObject().put("label", "2025-07-31").put("files", 10))
        .encode());
    fake.changePages.put("200", new JsonObject().put("newStartPageToken", "200").put("changes", new JsonArray()));
    DrivenClock clock = new DrivenClock(FETCH_DAY.instant());
    vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERTED, m -> ctx.failNow("3 of 10 files must not convert"));
    deploy(vertx, data, clock).compose(id -> {
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      return statusWhen(vertx, s -> !s.getBoolean("syncing") && s.getJsonArray("pending").contains("daily/2025-08-01"));
    }).compose(pending -> {
      // pendingExpirySeconds is 3600: an hour later the next pass gives the batch up.
      clock.advance(Duration.ofMinutes(61));
      vertx.eventBus().send(Addresses.DRIVE_CHANGES, new JsonObject());
      return statusWhen(vertx, s -> !s.getBoolean("syncing") && s.getLong("expiredCount") == 1);
    }).onComplete(ctx.succeeding(status -> ctx.verify(() -> {
      assertTrue(status.getJsonArray("pending").isEmpty(), status.encode());
      JsonObject expired = status.getJsonArray("expired").getJsonObject(0);
      assertEquals("daily/2025-08-01", expired.getString("batch"));
      assertTrue(expired.getString("reason").contains("did not complete within 3600 s"), expired.encode());
      assertTrue(status.getString("lastError").contains("daily/2025-08-01"), status.encode());
      ctx.completeNow();
    })));
    assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
  }
}
