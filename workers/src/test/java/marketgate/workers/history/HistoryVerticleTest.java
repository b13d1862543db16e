package marketgate.workers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.HistoryConfig;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.simulator.MarketSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HistoryVerticleTest {
  private static final LocalDate LAST = LocalDate.of(2026, 11, 20);
  @TempDir Path dir;
  private SqliteDailyHistory history;
  private HistoryVerticle verticle;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"));
    MarketClock clock = MarketClock.withBuiltInHolidays();
    MarketSimulator simulator = new MarketSimulator(new Universe(List.of(
        new Instrument(408065, "INFY", "NSE", 1, 1500, 1_000_000),
        new Instrument(2953217, "TCS", "NSE", 1, 3500, 500_000))), 3);
    verticle = new HistoryVerticle(new HistoryConfig("daily.sqlite", true, 10, 300), history, clock,
        () -> simulator.history(clock, LAST, 260), java.time.Clock.fixed(
            java.time.Instant.parse("2026-11-21T06:00:00Z"), java.time.ZoneOffset.UTC));
    vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
  }

  @AfterEach
  void close() throws Exception {
    history.close();
  }

  @Test
  void aFreshDatabaseIsSeededWithAYearAndServesASymbol(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>request(Addresses.HISTORY_DAILY,
            new JsonObject().put("symbol", "INFY").put("days", 300).put("asOf", LAST.toString()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonArray candles = reply.body().getJsonArray("candles");
          assertEquals(260, candles.size());
          assertEquals(LAST.toString(), candles.getJsonObject(259).getString("date"));
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownSymbolIs404AndBadDaysIs400(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.HISTORY_DAILY, new JsonObject().put("symbol", "NOPE"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(404, ((ReplyException) e).failureCode());
          vertx.eventBus().request(Addresses.HISTORY_DAILY, new JsonObject().put("symbol", "INFY").put("days", 0))
              .onComplete(ctx.failing(e2 -> ctx.verify(() -> {
                assertEquals(400, ((ReplyException) e2).failureCode());
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void theRollupStoresTheEnginesDayCandles(Vertx vertx, VertxTestContext ctx) throws Exception {
    LocalDate today = LocalDate.of(2026, 11, 23);
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, msg -> msg.reply(new JsonObject()
        .put("date", today.toString())
        .put("candles", new JsonObject().put("INFY", new JsonObject()
            .put("open", 1500.0).put("high", 1520.5).put("low", 1490.0).put("close", 1510.25).put("volume", 123456)))));
    // Monday 23 Nov, 15:31 IST: the day's rollup is due and the seeded history ends on Friday the 20th.
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-23T10:01:00Z"), java.time.ZoneOffset.UTC);
    DayRollup rollup = new DayRollup(vertx, history, MarketClock.withBuiltInHolidays(), clock,
        new DayCandlesFinder(vertx, clock, null)::find, 10);
    rollup.catchUp()
        .onComplete(ctx.succeeding(o -> ctx.verify(() -> {
          assertEquals(java.util.Map.of(today, 1), o.written());
          var infy = history.load("INFY", 1, today).orElseThrow();
          assertEquals(today, infy.lastDate());
          assertEquals(1510.25, infy.close()[0]);
          assertEquals(123456, infy.volume()[0]);
          ctx.completeNow();
        })));
  }
}
