package marketgate.workers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.HistoryConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.testing.Eventually;
import marketgate.shared.time.DrivenClock;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ticks node was down at 15:30 IST: the day's bar is caught up later, and only once. */
@ExtendWith(VertxExtension.class)
class DayRollupCatchUpTest {
  private static final LocalDate THURSDAY = LocalDate.of(2026, 11, 19);
  private static final LocalDate FRIDAY = LocalDate.of(2026, 11, 20);
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
  /** Monday 10:00 IST: Friday's rollup was due before the weekend, Monday's not yet. */
  private static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T04:30:00Z");
  /** Monday 15:40 IST, after the close. */
  private static final Instant MONDAY_EVENING = Instant.parse("2026-11-23T10:10:00Z");

  @TempDir Path dir;
  private SqliteDailyHistory history;
  private DataStore store;
  private final MarketClock market = MarketClock.withBuiltInHolidays();

  @BeforeEach
  void historyUpToThursday() throws Exception {
    history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"));
    history.upsert(List.of(new DailyBar("INFY", THURSDAY, 1500, 1510, 1490, 1505, 1000),
        new DailyBar("TCS", THURSDAY, 3500, 3510, 3490, 3505, 500)));
    store = new DataStore(dir.resolve("data-root"));
  }

  @AfterEach
  void close() throws Exception {
    history.close();
  }

  private static long midnight(LocalDate day) {
    return MarketClock.sessionOpen(day) - MarketClock.OPEN_SECOND_OF_DAY;
  }

  private static JsonObject dayCandle(LocalDate day, double close) {
    return new JsonObject().put("timestamp", midnight(day)).put("open", close - 10).put("high", close + 5)
        .put("low", close - 20).put("close", close).put("volume", 4242).put("oi", 0).put("tick_count", 9)
        .put("is_complete", true);
  }

  /** latest.json.gz as the publisher writes it (FORMATS.md), published Friday evening. */
  private void publishedOnFriday() throws Exception {
    JsonObject snapshot = new JsonObject();
    for (String symbol : List.of("INFY", "TCS")) {
      double base = symbol.equals("INFY") ? 1500 : 3500;
      snapshot.put(symbol, new JsonObject().put("token", 1).put("symbol", symbol)
          .put("candles", new JsonObject()
              .put("5m", new JsonArray().add(new JsonObject().put("timestamp", midnight(FRIDAY) + 36_000).put("open", 1)
                  .put("high", 1).put("low", 1).put("close", 1).put("volume", 1)))
              .put("day", new JsonArray().add(dayCandle(THURSDAY, base + 5)).add(dayCandle(FRIDAY, base + 33.5))))
          .put("day_ohlcv", dayCandle(FRIDAY, base + 33.5)));
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(snapshot.encode().getBytes(StandardCharsets.UTF_8));
    }
    store.write(PublishedDayCandles.LATEST, gz.toByteArray());
  }

  /** The engine answers for its current day only, as CandleQueryVerticle does. */
  private static void engineOn(Vertx vertx, LocalDate today, double infyClose) {
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, m -> m.reply(new JsonObject()
        .put("date", today.toString()).put("candles", new JsonObject().put("INFY", new JsonObject()
            .put("open", 1530.0).put("high", 1550.0).put("low", 1520.0).put("close", infyClose).put("volume", 777)))));
  }

  @Test
  void aMissedDayIsWrittenFromThePublishedSnapshotOnceAndTodayFromTheEngineAfterTheClose(Vertx vertx,
      VertxTestContext ctx) throws Exception {
    publishedOnFriday();
    engineOn(vertx, MONDAY, 1544.0);
    DrivenClock clock = new DrivenClock(MONDAY_MORNING);
    DayRollup rollup = new DayRollup(vertx, history, market, clock,
        new DayCandlesFinder(vertx, clock, new PublishedDayCandles(store))::find, 10);
    long[] rows = new long[1];
    rollup.catchUp().compose(first -> {
      ctx.verify(() -> {
        assertEquals(Map.of(FRIDAY, 2), first.written(), "Friday from the snapshot; the engine is on Monday");
        assertTrue(first.missing().isEmpty());
        assertEquals(1533.5, history.load("INFY", 1, FRIDAY).orElseThrow().close()[0]);
        assertFalse(history.hasDay(MONDAY), "Monday's session has not closed");
        rows[0] = history.count();
      });
      return rollup.catchUp();
    }).compose(again -> {
      ctx.verify(() -> {
        assertTrue(again.written().isEmpty() && again.missing().isEmpty(), "a day in the database is not written twice");
        assertEquals(rows[0], history.count());
      });
      clock.set(MONDAY_EVENING);
      return rollup.catchUp();
    }).onComplete(ctx.succeeding(evening -> ctx.verify(() -> {
      assertEquals(Map.of(MONDAY, 1), evening.written());
      assertEquals(1544.0, history.load("INFY", 1, MONDAY).orElseThrow().close()[0]);
      assertEquals(1533.5, history.load("INFY", 2, MONDAY).orElseThrow().close()[0], "Friday unchanged");
      ctx.completeNow();
    })));
  }

  @Test
  void whenTheTicksNodeIsDownAtTheCloseTheDayIsWrittenOnceItComesBack(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    history.upsert(List.of(new DailyBar("INFY", FRIDAY, 1500, 1510, 1490, 1533.5, 1000)));
    DrivenClock clock = new DrivenClock(MONDAY_EVENING);
    HistoryVerticle verticle = new HistoryVerticle(new HistoryConfig("daily.sqlite", false, 10, 1), history, market,
        null, clock);
    // No engine on the bus and nothing published: the start-up catch-up finds nothing for Monday.
    vertx.deployVerticle(new DayRollupVerticle(history, market, clock, store))
        .compose(id -> vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
        .compose(id -> {
          ctx.verify(() -> assertFalse(history.hasDay(MONDAY)));
          engineOn(vertx, MONDAY, 1544.0);
          return Eventually.untilTrue(vertx, () -> history.hasDay(MONDAY));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(1544.0, history.load("INFY", 1, MONDAY).orElseThrow().close()[0]);
          assertEquals(777, history.load("INFY", 1, MONDAY).orElseThrow().volume()[0]);
          ctx.completeNow();
        })));
  }
}
