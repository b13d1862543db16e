package marketgate.workers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.HistoryConfig;
import marketgate.shared.testing.Eventually;
import marketgate.shared.time.DrivenClock;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two history nodes (each its own database) and one rollup node: the day's candles are found once
 * and both nodes store the same bars, also a node that comes back after the engine moved on, and
 * also after the rollup changes hands.
 */
@ExtendWith(VertxExtension.class)
class DayRollupSingletonTest {
  private static final LocalDate FRIDAY = LocalDate.of(2026, 11, 20);
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
  /** Monday 15:40 IST, after the close. */
  private static final Instant MONDAY_EVENING = Instant.parse("2026-11-23T10:10:00Z");

  @TempDir Path dir;
  private final MarketClock market = MarketClock.withBuiltInHolidays();
  private final DrivenClock clock = new DrivenClock(MONDAY_EVENING);
  private SqliteDailyHistory nodeA;
  private SqliteDailyHistory nodeB;

  @BeforeEach
  void historiesUpToFriday() throws Exception {
    nodeA = SqliteDailyHistory.open(dir.resolve("a/daily.sqlite"));
    nodeB = SqliteDailyHistory.open(dir.resolve("b/daily.sqlite"));
    for (SqliteDailyHistory h : List.of(nodeA, nodeB)) {
      h.upsert(List.of(new DailyBar("INFY", FRIDAY, 1500, 1510, 1490, 1533.5, 1000)));
    }
  }

  @AfterEach
  void close() throws Exception {
    nodeA.close();
    nodeB.close();
  }

  /** The candle engine on Monday; counts how often it is asked. */
  private static MessageConsumer<JsonObject> engine(Vertx vertx, AtomicInteger asked) {
    return vertx.eventBus().consumer(Addresses.TICKS_DAY_CANDLES, m -> {
      asked.incrementAndGet();
      m.reply(new JsonObject().put("date", MONDAY.toString()).put("candles", new JsonObject()
          .put("INFY", new JsonObject().put("open", 1530.0).put("high", 1550.0).put("low", 1520.0)
              .put("close", 1544.0).put("volume", 777))
          .put("TCS", new JsonObject().put("open", 3500.0).put("high", 3560.0).put("low", 3490.0)
              .put("close", 3551.25).put("volume", 555))));
    });
  }

  private Future<String> historyNode(Vertx vertx, SqliteDailyHistory history) {
    return vertx.deployVerticle(new HistoryVerticle(new HistoryConfig("daily.sqlite", false, 10, 1), history, market,
        null, clock), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  private static Future<JsonObject> ask(Vertx vertx, String date) {
    return vertx.eventBus().<JsonObject>request(Addresses.HISTORY_ROLLUP_DAY, new JsonObject().put("date", date))
        .map(m -> m.body());
  }

  @Test
  void theDayIsFoundOnceAndEveryHistoryNodeStoresTheSameBars(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger asked = new AtomicInteger();
    MessageConsumer<JsonObject> engine = engine(vertx, asked);
    String[] rollupA = new String[1];
    engine.completion()
        .compose(v -> vertx.deployVerticle(new DayRollupVerticle(nodeA, market, clock, null)))
        .compose(id -> {
          rollupA[0] = id;
          return Future.all(historyNode(vertx, nodeA), historyNode(vertx, nodeB));
        })
        .compose(v -> Eventually.untilTrue(vertx, () -> nodeA.hasDay(MONDAY) && nodeB.hasDay(MONDAY)))
        .compose(v -> {
          ctx.verify(() -> {
            assertEquals(1, asked.get(), "two history nodes, one rollup: the engine is asked once");
            assertEquals(nodeA.day(MONDAY), nodeB.day(MONDAY));
            assertEquals(2, nodeB.day(MONDAY).size());
          });
          // The engine moves on (a ticks node restarted on the next day): a third node that was down
          // still gets Monday, from the rollup node.
          return engine.unregister();
        })
        .compose(v -> ask(vertx, MONDAY.toString()))
        .compose(reply -> {
          ctx.verify(() -> assertEquals(2, reply.getJsonArray("bars").size()));
          // The rollup node dies; another history node (B) takes the rollup over with nothing in memory.
          return vertx.undeploy(rollupA[0]);
        })
        .compose(v -> vertx.deployVerticle(new DayRollupVerticle(nodeB, market, clock, null)))
        .compose(id -> ask(vertx, MONDAY.toString()))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("the rollup node's history", reply.getString("source"));
          assertEquals(DayCandles.fromJson(reply).bars(), nodeA.day(MONDAY));
          assertEquals(1, asked.get());
          ctx.completeNow();
        })));
  }

  /** The failure code of a request to the rollup (0 when it succeeded). */
  private static Future<Integer> code(Vertx vertx, String date) {
    return ask(vertx, date).map(reply -> 0)
        .recover(e -> Future.succeededFuture(e instanceof ReplyException r ? r.failureCode() : -1));
  }

  @Test
  void aBadDateIs400AndAClosedDayNoSourceHasIs404(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new DayRollupVerticle(nodeA, market, clock, null))
        .compose(id -> Future.all(code(vertx, "20-11-2026"), code(vertx, "2026-11-24"), code(vertx, "2026-11-22"),
            code(vertx, MONDAY.toString())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertEquals(List.of(400, 400, 400, 404), all.list(),
              "not a date; Tuesday has not closed; Sunday is no trading day; Monday closed but no engine, no snapshot");
          assertTrue(!nodeA.hasDay(MONDAY));
          ctx.completeNow();
        })));
  }
}
