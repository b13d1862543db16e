package marketgate.workers.ticks;

import static marketgate.workers.ticks.StoreFixtures.INFY;
import static marketgate.workers.ticks.StoreFixtures.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Path;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.TicksConfig;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TicksVerticleTest {
  @TempDir Path dir;
  private DataStore data;
  private TicksConfig config;
  private String deployment;
  private String queries;
  private CandleStore store;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) throws IOException {
    data = new DataStore(dir);
    config = MarketgateConfig.defaults().ticks();
    Codecs.register(vertx);
    store = StoreFixtures.store();
    vertx.deployVerticle(new TicksVerticle(config, store, data))
        .compose(id -> {
          deployment = id;
          return vertx.deployVerticle(new CandleQueryVerticle(store));
        })
        .onComplete(ctx.succeeding(id -> {
          queries = id;
          ctx.completeNow();
        }));
  }

  private static Future<JsonObject> ask(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body());
  }

  private static Future<Object> send(Vertx vertx, TickBatch batch) {
    return vertx.eventBus().request(Addresses.TICKS_IN, batch).map(m -> m.body());
  }

  @Test
  void candlesAreQueriedBySymbolOrToken(Vertx vertx, VertxTestContext ctx) {
    TickBatch batch = new TickBatch(3)
        .add(INFY, 100, 1000, 0, millis("09:15:10"))
        .add(INFY, 103, 1500, 0, millis("09:16:10"))
        .add(INFY, 101, 1600, 0, millis("09:21:10"));
    send(vertx, batch)
        .compose(v -> ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("symbol", "infy").put("interval", "5m")))
        .compose(reply -> {
          ctx.verify(() -> {
            assertEquals("INFY", reply.getString("symbol"));
            JsonArray candles = reply.getJsonArray("candles");
            assertEquals(2, candles.size());
            assertEquals(millis("09:15:00") / 1000, candles.getJsonObject(0).getLong("timestamp"));
            assertEquals(103.0, candles.getJsonObject(0).getDouble("high"));
            assertEquals(1500, candles.getJsonObject(0).getLong("volume"));
          });
          return ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("token", INFY).put("interval", "1m").put("count", 1));
        })
        .compose(reply -> {
          ctx.verify(() -> assertEquals(1, reply.getJsonArray("candles").size()));
          return ask(vertx, Addresses.TICKS_LATEST, new JsonObject().put("symbol", "INFY"));
        })
        .compose(latest -> {
          ctx.verify(() -> {
            assertEquals(101.0, latest.getDouble("last_price"));
            assertEquals(1600, latest.getLong("cumulative_volume"));
            assertEquals(1600, latest.getJsonObject("day").getLong("volume"));
          });
          return ask(vertx, Addresses.TICKS_STATS, new JsonObject());
        })
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertEquals(3, stats.getLong("ticks_processed"));
          assertEquals(1, stats.getInteger("instruments_with_ticks"));
          assertTrue(stats.getBoolean("loaded"));
          ctx.completeNow();
        })));
  }

  @Test
  void badQueriesFailWithClearCodes(Vertx vertx, VertxTestContext ctx) {
    ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("symbol", "INFY").put("interval", "7m"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(400, ((ReplyException) e).failureCode());
          assertTrue(e.getMessage().contains("allowed: 1m, 2m"), e.getMessage());
        })))
        .recover(e -> ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("symbol", "NOPE")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> assertEquals(404, ((ReplyException) e).failureCode()))))
        .recover(e -> ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("symbol", "INFY").put("count", 0)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertEquals(400, ((ReplyException) e).failureCode());
          ctx.completeNow();
        })));
  }

  @Test
  void aRedeployedEngineRecoversFromCheckpointAndJournal(Vertx vertx, VertxTestContext ctx) {
    TickBatch batch = new TickBatch(2)
        .add(INFY, 100, 1000, 0, millis("09:15:10"))
        .add(INFY, 104, 1800, 0, millis("09:16:10"));
    send(vertx, batch)
        .compose(v -> vertx.undeploy(queries))
        .compose(v -> vertx.undeploy(deployment))
        .compose(v -> {
          CandleStore restarted = StoreFixtures.store();
          return vertx.deployVerticle(new TicksVerticle(config, restarted, data))
              .compose(id -> vertx.deployVerticle(new CandleQueryVerticle(restarted)));
        })
        .compose(id -> send(vertx, new TickBatch(1).add(INFY, 105, 1850, 0, millis("09:16:40"))))
        .compose(v -> ask(vertx, Addresses.TICKS_CANDLES, new JsonObject().put("symbol", "INFY").put("interval", "1m")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          JsonArray candles = reply.getJsonArray("candles");
          assertEquals(2, candles.size());
          assertEquals(850, candles.getJsonObject(1).getLong("volume"), "800 before the restart + 50 after");
          assertEquals(105.0, candles.getJsonObject(1).getDouble("close"));
          ctx.completeNow();
        })));
  }
}
