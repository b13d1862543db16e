package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.time.MarketClock;
import marketgate.workers.scans.rules.SeriesBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ScanVerticleTest {
  /** Sunday 2026-11-22 12:00 IST: market closed. */
  private static final Clock CLOSED = Clock.fixed(Instant.parse("2026-11-22T06:30:00Z"), ZoneOffset.UTC);
  /** Friday 2026-11-20 11:00 IST: market open. */
  private static final Clock OPEN = Clock.fixed(Instant.parse("2026-11-20T05:30:00Z"), ZoneOffset.UTC);

  private static InMemoryHistory history() {
    return new InMemoryHistory()
        .add(SeriesBuilder.flat("AAA", 260, 100, 100_000).volume(0, 300_000).build())
        .add(SeriesBuilder.flat("BBB", 260, 100, 100_000).build());
  }

  private static Future<String> deploy(Vertx vertx, InMemoryHistory history, Clock clock) {
    return deploy(vertx, history, clock, new JsonObject());
  }

  private static Future<String> deploy(Vertx vertx, InMemoryHistory history, Clock clock, JsonObject scans) {
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("scans", new JsonObject().put("recentResults", 2).mergeIn(scans)));
    return vertx.deployVerticle(new ScanVerticle(config, history, clock));
  }

  private static Future<JsonObject> scan(Vertx vertx, String code) {
    return scan(vertx, new JsonObject().put("code", code));
  }

  private static Future<JsonObject> scan(Vertx vertx, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(Addresses.SCANS_RUN, request).map(Message::body);
  }

  private static Future<JsonObject> status(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.SCANS_STATUS, new JsonObject()).map(Message::body);
  }

  /** Asks scans.status until it satisfies the condition (30 s at most). */
  private static Future<JsonObject> statusWhen(Vertx vertx, java.util.function.Predicate<JsonObject> condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    return status(vertx).compose(s -> {
      if (condition.test(s) || System.nanoTime() > deadline) {
        return Future.succeededFuture(s);
      }
      io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
      vertx.setTimer(10, id -> later.complete());
      return later.future().compose(v -> statusWhen(vertx, condition));
    });
  }

  @Test
  void aScanRepliesWithRowsDataDateAndTiming(Vertx vertx, VertxTestContext ctx) {
    InMemoryHistory history = history();
    deploy(vertx, history, CLOSED).compose(id -> scan(vertx, "X:0:9:AAA,BBB,NONE"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertNotNull(reply.getString("id"));
          assertEquals("X:0:9:AAA,BBB,NONE:2.5", reply.getString("code"));
          assertEquals(history.latestDate().orElseThrow().toString(), reply.getString("data_date"));
          assertTrue(reply.getLong("took_ms") >= 0);
          assertFalse(reply.getBoolean("live"), "market closed: history alone");
          assertEquals(1, reply.getInteger("count"));
          assertEquals(2, reply.getInteger("scanned"));
          assertEquals(1, reply.getInteger("missing"));
          JsonObject row = reply.getJsonArray("rows").getJsonObject(0);
          assertEquals("AAA", row.getString("symbol"));
          assertEquals(2.73, row.getDouble("volume_ratio"));
          ctx.completeNow();
        })));
  }

  @Test
  void aBadCodeFailsWith400AndAMessageForAPerson(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, history(), CLOSED).compose(id -> scan(vertx, "X:12:8"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          ReplyException reply = (ReplyException) e;
          assertEquals(400, reply.failureCode());
          assertTrue(reply.getMessage().startsWith("scan '8' is not supported; scans: 0 ("), reply.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void anIndexScanWorksOutOfTheBoxAndNamesTheMembersWithoutData(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, history(), CLOSED).compose(id -> scan(vertx, "X:1:9:2.5"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(0, reply.getInteger("scanned"), "this history holds none of the Nifty 50");
          assertEquals(50, reply.getInteger("missing"));
          assertEquals(50, reply.getJsonArray("missing_symbols").size());
          assertTrue(reply.getJsonArray("missing_symbols").contains("RELIANCE"));
          ctx.completeNow();
        })));
  }

  @Test
  void theMemberListsAreOnTheBusWithTheirDates(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, history(), CLOSED)
        .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.SCANS_UNIVERSES, new JsonObject()))
        .compose(lists -> status(vertx).map(status -> List.of(lists.body(), status)))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonArray lists = both.get(0).getJsonArray("lists");
          JsonObject nifty50 = lists.getJsonObject(0);
          assertEquals(1, nifty50.getInteger("index"));
          assertEquals("2026-03-31", nifty50.getString("date"));
          assertEquals(50, nifty50.getInteger("size"));
          assertEquals(lists, both.get(1).getJsonArray("universes"), "scans.status (hence /status) says the same");
          ctx.completeNow();
        })));
  }

  @Test
  void recentResultsAreKeptBoundedAndUnknownIdsAre404(Vertx vertx, VertxTestContext ctx) {
    List<String> ids = new ArrayList<>();
    deploy(vertx, history(), CLOSED)
        .compose(d -> scan(vertx, "X:0:0:AAA")).map(r -> ids.add(r.getString("id")))
        .compose(d -> scan(vertx, "X:0:0:BBB")).map(r -> ids.add(r.getString("id")))
        .compose(d -> scan(vertx, "X:0:9:AAA")).map(r -> ids.add(r.getString("id")))
        .compose(d -> vertx.eventBus().<JsonObject>request(Addresses.SCANS_RESULT, new JsonObject().put("id", ids.get(2))))
        .compose(found -> {
          ctx.verify(() -> assertEquals("X:0:9:AAA:2.5", found.body().getString("code")));
          return vertx.eventBus().<JsonObject>request(Addresses.SCANS_RESULT, new JsonObject().put("id", ids.get(0)));
        })
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(404, ((ReplyException) e).failureCode(), "the oldest of 3 fell out of a map of 2");
          vertx.eventBus().<JsonObject>request(Addresses.SCANS_STATUS, new JsonObject())
              .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
                assertEquals(3, status.body().getLong("runs"));
                assertEquals(2, status.body().getInteger("recent_results"));
                assertEquals(0, status.body().getInteger("in_flight"));
                assertEquals(2, status.body().getInteger("indicator_sets"));
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void duringMarketHoursTodaysLiveCandleIsScanned(Vertx vertx, VertxTestContext ctx) {
    ctx.verify(() -> assertTrue(MarketClock.withBuiltInHolidays().isMarketOpen(OPEN.instant())));
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> m.reply(new JsonObject()
        .put("date", "2026-11-20")
        .put("candles", new JsonObject()
            .put("BBB", new JsonObject().put("open", 100).put("high", 106).put("low", 99.5).put("close", 105)
                .put("volume", 900_000))
            .put("BAD", new JsonObject().put("open", "x")))));
    deploy(vertx, history(), OPEN).compose(id -> scan(vertx, "X:0:9:AAA,BBB"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertTrue(reply.getBoolean("live"));
          assertEquals("2026-11-20", reply.getString("data_date"));
          JsonArray rows = reply.getJsonArray("rows");
          // BBB traded 900k today (ratio 6.43); AAA has no live candle and keeps its history.
          assertEquals(2, rows.size());
          assertEquals("BBB", rows.getJsonObject(0).getString("symbol"));
          assertEquals(6.43, rows.getJsonObject(0).getDouble("volume_ratio"));
          assertEquals(105.0, rows.getJsonObject(0).getDouble("ltp"));
          ctx.completeNow();
        })));
  }

  @Test
  void aTicksEngineWithNoCandleYetLeavesTheScanToHistoryAndItsDate(Vertx vertx, VertxTestContext ctx) {
    // Market hours on a node without ticks (tick source "none", or before the first tick): the day is
    // known but empty. Found by JobsCliIT run during market hours: the reply said "data of <today> (live)".
    InMemoryHistory history = history();
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> m.reply(new JsonObject()
        .put("date", "2026-11-20").put("candles", new JsonObject().put("BAD", new JsonObject().put("open", "x")))));
    deploy(vertx, history, OPEN).compose(id -> scan(vertx, "X:0:9:AAA,BBB"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertFalse(reply.getBoolean("live"), "no live candle was merged");
          assertEquals(history.latestDate().orElseThrow().toString(), reply.getString("data_date"));
          assertEquals(1, reply.getInteger("count"));
          ctx.completeNow();
        })));
  }

  @Test
  void whenNoTicksEngineAnswersTheScanUsesHistoryAndSaysSo(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, history(), OPEN).compose(id -> scan(vertx, "X:0:9:AAA,BBB"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertFalse(reply.getBoolean("live"));
          assertEquals(1, reply.getInteger("count"));
          ctx.completeNow();
        })));
  }

  @Test
  void aTicksEngineSilentForOneSecondIsNotWaitedFor(Vertx vertx, VertxTestContext ctx) {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> asked.incrementAndGet() /* never answers */);
    deploy(vertx, history(), OPEN).compose(id -> scan(vertx, "X:0:9:AAA,BBB"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(1, asked.get(), "the ticks engine was asked once");
          assertFalse(reply.getBoolean("live"), "its silence left the scan to history alone");
          assertTrue(reply.getLong("took_ms") >= ScanVerticle.LIVE_TIMEOUT_MILLIS, "it waited for the live timeout");
          assertEquals(1, reply.getInteger("count"));
          ctx.completeNow();
        })));
  }

  @Test
  void aScanBeyondTheQueueBoundIsRefusedWith429AndARetryHint(Vertx vertx, VertxTestContext ctx) {
    InMemoryHistory history = history().gated();
    deploy(vertx, history, CLOSED, new JsonObject().put("workerThreads", 1).put("maxQueued", 1)).onComplete(
        ctx.succeeding(id -> {
          Future<JsonObject> running = scan(vertx, "X:0:9:AAA");
          Future<JsonObject> queued = scan(vertx, "X:0:9:BBB");
          scan(vertx, "X:0:9:AAA,BBB").onComplete(ctx.failing(e -> ctx.verify(() -> {
            ReplyException refused = (ReplyException) e;
            assertEquals(429, refused.failureCode());
            assertTrue(refused.getMessage().matches(".*busy.*; retry after \\d+ s"), refused.getMessage());
            history.gate.countDown();
            Future.all(running, queued).compose(both -> status(vertx)).onComplete(ctx.succeeding(s -> ctx.verify(() -> {
              assertEquals(2, s.getLong("runs"), "the accepted scans ran");
              assertEquals(1, s.getLong("rejected_busy"));
              assertEquals(2, s.getInteger("max_in_flight"));
              ctx.completeNow();
            })));
          })));
        }));
  }

  @Test
  void aScanWhoseCallerHasGoneIsCancelledInsteadOfRun(Vertx vertx, VertxTestContext ctx) {
    InMemoryHistory history = history().gated();
    deploy(vertx, history, CLOSED, new JsonObject().put("workerThreads", 1)).onComplete(ctx.succeeding(id -> {
      Future<JsonObject> first = scan(vertx, "X:0:9:AAA");
      // The second waits behind the first; its caller gives it 1 ms.
      Future<JsonObject> abandoned = scan(vertx, new JsonObject().put("code", "X:0:9:AAA,BBB").put("timeout_ms", 1));
      statusWhen(vertx, s -> s.getInteger("in_flight") == 2)
          // Let the 1 ms deadline pass before the worker thread frees up (a timer never fires early).
          .compose(s -> {
            io.vertx.core.Promise<Void> passed = io.vertx.core.Promise.promise();
            vertx.setTimer(20, t -> passed.complete());
            return passed.future();
          })
          .onComplete(ctx.succeeding(v -> {
            history.gate.countDown();
            abandoned.onComplete(ctx.failing(e -> ctx.verify(() -> {
              assertEquals(504, ((ReplyException) e).failureCode());
              assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
              first.compose(done -> status(vertx)).onComplete(ctx.succeeding(s -> ctx.verify(() -> {
                assertEquals(1, s.getLong("runs"), "only the scan someone waits for ran");
                assertEquals(1, s.getLong("cancelled"));
                assertEquals(0, s.getInteger("in_flight"));
                ctx.completeNow();
              })));
            })));
          }));
    }));
  }

  @Test
  void theEngineStopsBetweenSymbolsOnceCancelled() {
    ScanEngine engine = new ScanEngine(marketgate.workers.scans.rules.Gates.from(MarketgateConfig.defaults().scans()),
        new marketgate.workers.scans.indicators.IndicatorCache());
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Map<String, marketgate.shared.model.DailySeries> data = java.util.Map.of(
        "AAA", SeriesBuilder.flat("AAA", 260, 100, 100_000).build(),
        "BBB", SeriesBuilder.flat("BBB", 260, 100, 100_000).build());
    ScanCancelledException e = org.junit.jupiter.api.Assertions.assertThrows(ScanCancelledException.class,
        () -> engine.run(new ScanCodeParser().parse("X:0:9:AAA,BBB"), List.of("AAA", "BBB"), data,
            java.time.LocalDate.of(2026, 11, 20), () -> asked.incrementAndGet() > 1));
    assertTrue(e.getMessage().contains("after 1 of 2 symbols"), e.getMessage());
  }

  @Test
  void concurrentScansAllAnswerAndLoadHistoryOnce(Vertx vertx, VertxTestContext ctx) {
    InMemoryHistory history = history();
    deploy(vertx, history, CLOSED, new JsonObject().put("maxQueued", 16)).compose(id -> {
      List<Future<JsonObject>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(scan(vertx, i % 2 == 0 ? "X:12:0" : "X:0:9:AAA"));
      }
      return Future.all(all);
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertEquals(16, all.size());
      assertEquals(1, history.loads.get());
      ctx.completeNow();
    })));
  }
}
