package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.shared.bus.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scan alerts on a clock the test drives, during market hours: today's live day candles (what the
 * ticks engine answers on {@code ticks.day-candles}) change between snapshots, the real scan worker
 * merges them, and the chat hears only about symbols that newly qualify.
 */
@ExtendWith(VertxExtension.class)
class BotWatchTest {
  private static final String CODE = "X:0:9:AAA,BBB,CCC";
  @TempDir Path dataDir;
  /** Today's day candles as the ticks engine would answer them. */
  private final AtomicReference<JsonObject> today = new AtomicReference<>();

  private static JsonObject day(long aaaVolume, long bbbVolume, long cccVolume) {
    JsonObject candles = new JsonObject();
    candles.put("AAA", candle(103, aaaVolume));
    candles.put("BBB", candle(103, bbbVolume));
    candles.put("CCC", candle(103, cccVolume));
    return new JsonObject().put("date", "2026-11-20").put("candles", candles);
  }

  private static JsonObject candle(double price, long volume) {
    return new JsonObject().put("open", price).put("high", price + 1).put("low", price - 1).put("close", price)
        .put("volume", volume);
  }

  private Future<BotFixture> start(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> m.reply(today.get()));
    today.set(day(400_000, 100_000, 100_000));
    return BotFixture.start(vertx, dataDir, new JsonObject(),
        BotFixture.history(List.of("AAA", "BBB", "CCC"), List.of()), BotFixture.OPEN);
  }

  private static Future<JsonObject> snapshot(BotFixture f, String time, long runsBefore) {
    f.vertx.eventBus().publish(Addresses.SNAPSHOT_PUBLISHED, new JsonObject().put("time", time));
    return f.statusWhen(s -> s.getLong("watch_runs") > runsBefore);
  }

  @Test
  void afterEachSnapshotOnlyTheNewlyQualifyingSymbolIsSentWithLtpAndKeyFigure(Vertx vertx, VertxTestContext ctx) {
    start(vertx).compose(f -> {
      f.say(11, "/watch " + CODE);
      return f.texts(1)
          .compose(t -> snapshot(f, "2026-11-20T05:30:00Z", 0))
          .compose(s -> {
            // Snapshot 1 ran with nothing new: no message.
            int before = f.api.calls("sendMessage").size();
            today.set(day(400_000, 500_000, 100_000));
            return snapshot(f, "2026-11-20T05:35:00Z", 1).map(before);
          })
          .compose(before -> f.texts(2).map(texts -> List.of(before, texts)))
          .compose(parts -> snapshot(f, "2026-11-20T05:40:00Z", 2)
              .map(s -> List.of(parts.get(0), parts.get(1), f.api.calls("sendMessage").size(), s)));
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      assertEquals(1, parts.get(0), "nothing new at snapshot 1");
      @SuppressWarnings("unchecked")
      List<String> texts = (List<String>) parts.get(1);
      assertTrue(texts.get(0).contains("1 qualify now"), texts.get(0));
      String alert = texts.get(1);
      assertTrue(alert.contains("<code>X:0:9:AAA,BBB,CCC:2.5</code> 1 newly qualifying \u00b7 live, 11:00 IST"), alert);
      assertTrue(alert.contains("BBB  LTP 103  vol x"), alert);
      assertFalse(alert.contains("\nAAA "), "AAA qualified before: " + alert);
      assertEquals(2, parts.get(2), "snapshot 3 found nothing new: no third message");
      JsonObject status = (JsonObject) parts.get(3);
      assertEquals(1, status.getLong("alerts_sent"));
      assertEquals(1, status.getInteger("watches"));
      ctx.completeNow();
    })));
  }

  @Test
  void aWatchSurvivesARestartOverTheSameDataDirectory(Vertx vertx, VertxTestContext ctx) {
    start(vertx).compose(f -> {
      f.say(11, "/watch " + CODE);
      return f.texts(1)
          .compose(t -> f.stopBot())
          .compose(v -> f.startBot())
          .compose(v -> {
            f.say(11, "/watches");
            return f.texts(2);
          });
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(Files.readString(dataDir.resolve(WatchBook.FILE)).contains("\"code\" : \"X:0:9:AAA,BBB,CCC:2.5\""));
      assertTrue(texts.get(1).contains("1. <code>X:0:9:AAA,BBB,CCC:2.5</code> (1 qualifying at the last run)"),
          texts.get(1));
      ctx.completeNow();
    })));
  }

  @Test
  void aWatchSurvivesAFailoverToANodeWithoutTheFile(Vertx vertx, VertxTestContext ctx) {
    // The node that takes the bot over has its own, empty data directory: the watches come from the
    // cluster-wide map (here the local map of the same Vert.x, which outlives the bot's undeployment).
    start(vertx).compose(f -> {
      f.say(12, "/watch " + CODE);
      return f.texts(1)
          .compose(t -> f.stopBot())
          .compose(v -> vertx.executeBlocking(() -> Files.deleteIfExists(dataDir.resolve(WatchBook.FILE))))
          .compose(v -> f.startBot())
          .compose(v -> {
            f.say(12, "/watches");
            return f.texts(2);
          });
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(1).contains("1. <code>X:0:9:AAA,BBB,CCC:2.5</code>"), texts.get(1));
      ctx.completeNow();
    })));
  }

  @Test
  void eachChatHasACapAndUnwatchRemovesByNumber(Vertx vertx, VertxTestContext ctx) {
    today.set(day(400_000, 100_000, 100_000));
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> m.reply(today.get()));
    BotFixture.start(vertx, dataDir, new JsonObject().put("maxWatchesPerChat", 1),
        BotFixture.history(List.of("AAA", "BBB", "CCC"), List.of()), BotFixture.OPEN).compose(f -> {
          f.say(11, "/watch " + CODE);
          return f.texts(1).compose(t -> {
            f.say(11, "/watch X:0:9:AAA");
            return f.texts(2);
          }).compose(t -> {
            f.say(11, "/unwatch 1");
            return f.texts(3);
          }).compose(t -> {
            f.say(11, "/watches");
            return f.texts(4);
          });
        }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
          assertTrue(texts.get(1).startsWith("This chat has 1 watches, the most allowed"), texts.get(1));
          assertEquals("\ud83d\udd15 Stopped watching <code>X:0:9:AAA,BBB,CCC:2.5</code>.", texts.get(2));
          assertTrue(texts.get(3).startsWith("No watches here."), texts.get(3));
          ctx.completeNow();
        })));
  }

  @Test
  void twoBotNodesOverOneWatchFileEvaluateEachRunOnce(Vertx vertx, VertxTestContext ctx) {
    start(vertx).compose(f -> {
      f.say(11, "/watch " + CODE);
      return f.texts(1).compose(t -> {
        // A second bot node over the same data directory: it loads the same watch and hears the same snapshots.
        BotVerticle first = f.bot;
        return f.startBot().map(v -> first);
      }).compose(first -> {
        today.set(day(400_000, 500_000, 100_000));
        f.vertx.eventBus().publish(Addresses.SNAPSHOT_PUBLISHED, new JsonObject().put("time", "2026-11-20T05:35:00Z"));
        return f.statusWhen(s -> s.getLong("watch_runs") + first.status().getLong("watch_runs") >= 1)
            .compose(s -> f.api.awaitCalls("sendMessage", 2, java.time.Duration.ofSeconds(30)))
            .map(calls -> List.of(first.status().getLong("watch_runs") + f.bot.status().getLong("watch_runs"),
                first.status().getLong("alerts_sent") + f.bot.status().getLong("alerts_sent")));
      });
    }).onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
      assertEquals(1L, counts.get(0), "one evaluation of the run across both nodes");
      assertEquals(1L, counts.get(1), "one alert");
      ctx.completeNow();
    })));
  }
}
