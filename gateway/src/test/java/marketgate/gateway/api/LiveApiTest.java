package marketgate.gateway.api;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The live API maps the bus contracts to HTTP; consumers here answer like the ticks engine and scan workers. */
@ExtendWith(VertxExtension.class)
class LiveApiTest {
  @TempDir Path dataDir;

  private Future<GatewayFixture> gateway(Vertx vertx) {
    return GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store").put("busTimeoutMillis", 500)));
  }

  private void ticksEngine(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_INSTRUMENTS, m -> m.reply(new JsonObject().put("count", 1)
        .put("instruments", new JsonArray().add(new JsonObject().put("token", 408065).put("symbol", "INFY")))));
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_CANDLES, m -> {
      if (!"INFY".equals(m.body().getString("symbol"))) {
        m.fail(404, "unknown instrument " + m.body().getString("symbol"));
        return;
      }
      m.reply(new JsonObject().put("symbol", "INFY").put("token", 408065).put("interval", m.body().getString("interval"))
          .put("count", m.body().getInteger("count")).put("candles", new JsonArray()));
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_LATEST, m -> m.fail(404, "no tick yet for " + m.body().getString("symbol")));
  }

  @Test
  void candlesPassIntervalAndCountToTheCandleStore(Vertx vertx, VertxTestContext ctx) {
    ticksEngine(vertx);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/infy?interval=15m&count=20"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.status());
          assertEquals("15m", r.json().getString("interval"));
          assertEquals(20, r.json().getInteger("count"));
          assertEquals("INFY", r.json().getString("symbol"));
          ctx.completeNow();
        })));
  }

  @Test
  void aBadIntervalIs400ListingTheAllowedOnes(Vertx vertx, VertxTestContext ctx) {
    ticksEngine(vertx);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/INFY?interval=7m"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(400, r.status());
          assertTrue(r.json().getString("detail").contains(Interval.labels()), r.text());
          ctx.completeNow();
        })));
  }

  @Test
  void aCountOutsideOneToThousandIs400(Vertx vertx, VertxTestContext ctx) {
    ticksEngine(vertx);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/INFY?count=0").compose(zero ->
            gw.get("/api/v1/candles/INFY?count=1001").compose(big -> gw.get("/api/v1/candles/INFY?count=abc")
                .map(word -> new int[] {zero.status(), big.status(), word.status()}))))
        .onComplete(ctx.succeeding(codes -> ctx.verify(() -> {
          assertEquals(400, codes[0]);
          assertEquals(400, codes[1]);
          assertEquals(400, codes[2]);
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownSymbolIs404AndInstrumentsAreListed(Vertx vertx, VertxTestContext ctx) {
    ticksEngine(vertx);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/NOPE").compose(unknown -> gw.get("/api/v1/ticks/INFY")
            .compose(tick -> gw.get("/api/v1/instruments").map(list -> new GatewayFixture.Reply[] {unknown, tick, list}))))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(404, r[0].status());
          assertTrue(r[0].json().getString("detail").contains("NOPE"));
          assertEquals(404, r[1].status());
          assertEquals(200, r[2].status());
          assertEquals(1, r[2].json().getInteger("count"));
          ctx.completeNow();
        })));
  }

  @Test
  void withNoCandleStoreRunningTheApiAnswers503(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx).compose(gw -> gw.get("/api/v1/instruments"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(503, r.status());
          assertEquals("unavailable", r.json().getString("error"));
          ctx.completeNow();
        })));
  }

  @Test
  void scansRunOnTheBusAndMapFailureCodes(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RUN, m -> {
      if (m.body().getString("code").startsWith("X:")) {
        m.reply(new JsonObject().put("id", "s1").put("rows", new JsonArray()));
      } else {
        m.fail(400, "unknown scan code " + m.body().getString("code"));
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RESULT, m -> m.fail(404, "no result " + m.body().getString("id")));
    gateway(vertx).compose(gw -> gw.post("/api/v1/scans", "{\"code\":\"X:12:9:2.5\"}")
            .compose(ok -> gw.post("/api/v1/scans", "{\"code\":\"Q:1\"}")
                .compose(bad -> gw.post("/api/v1/scans", "not json")
                    .compose(junk -> gw.get("/api/v1/scans/zzz")
                        .map(missing -> new GatewayFixture.Reply[] {ok, bad, junk, missing})))))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r[0].status());
          assertEquals("s1", r[0].json().getString("id"));
          assertEquals(400, r[1].status());
          assertTrue(r[1].json().getString("detail").contains("unknown scan code Q:1"));
          assertEquals(400, r[2].status());
          assertEquals(404, r[3].status());
          ctx.completeNow();
        })));
  }

  @Test
  void withAnApiTokenScansNeedTheBearerToken(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RUN, m -> m.reply(new JsonObject().put("id", "s1")));
    MarketgateConfig config = GatewayFixture.config(dataDir, new JsonObject());
    MarketgateConfig secured = MarketgateConfig.from(config.toJson(), config.secrets().with(Secrets.API_TOKEN, "t0ken"));
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    Buffer body = Buffer.buffer("{\"code\":\"X:12:9:2.5\"}");
    GatewayFixture.start(vertx, dataDir, secured).compose(gw -> gw.request(HttpMethod.POST, "/api/v1/scans", json, body)
            .compose(none -> gw.request(HttpMethod.POST, "/api/v1/scans",
                    MultiMap.caseInsensitiveMultiMap().addAll(json).add("Authorization", "Bearer wrong"), body)
                .compose(wrong -> gw.request(HttpMethod.POST, "/api/v1/scans",
                        MultiMap.caseInsensitiveMultiMap().addAll(json).add("Authorization", "Bearer t0ken"), body)
                    .map(right -> new GatewayFixture.Reply[] {none, wrong, right}))))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(401, r[0].status());
          assertEquals("Bearer", r[0].headers().get("WWW-Authenticate"));
          assertEquals(401, r[1].status());
          assertEquals(200, r[2].status());
          assertEquals("s1", r[2].json().getString("id"));
          ctx.completeNow();
        })));
  }

  @Test
  void scansWithNoWorkerAnswer503(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx).compose(gw -> gw.post("/api/v1/scans", "{\"code\":\"X:12:9:2.5\"}"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(503, r.status());
          ctx.completeNow();
        })));
  }

  /** Day candles of INFY in the live store: one for 2026-11-24 (IST midnight). */
  private static final long NOV_24 = java.time.LocalDate.of(2026, 11, 24).atStartOfDay(marketgate.shared.time.MarketClock.IST)
      .toEpochSecond();

  private void dayCandleAndHistory(Vertx vertx, boolean withHistory) {
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_CANDLES, m -> m.reply(new JsonObject().put("symbol", "INFY")
        .put("token", 408065).put("interval", "day").put("candles", new JsonArray()
            .add(new JsonObject().put("timestamp", NOV_24).put("close", 1500.0).put("is_complete", false)))));
    if (withHistory) {
      vertx.eventBus().<JsonObject>consumer(Addresses.HISTORY_DAILY, m -> {
        if (!"INFY".equals(m.body().getString("symbol"))) {
          m.fail(404, "no history for " + m.body().getString("symbol"));
          return;
        }
        JsonArray bars = new JsonArray();
        // Three days of history; the last is the live store's day too, which wins.
        for (String date : java.util.List.of("2026-11-20", "2026-11-21", "2026-11-24")) {
          bars.add(new JsonObject().put("date", date).put("open", 1.0).put("high", 2.0).put("low", 0.5)
              .put("close", 1.5).put("volume", 100));
        }
        m.reply(new JsonObject().put("symbol", "INFY").put("candles", bars));
      });
    }
  }

  @Test
  void dayCandlesAreTheDailyHistoryFollowedByTheLiveStoresDays(Vertx vertx, VertxTestContext ctx) {
    dayCandleAndHistory(vertx, true);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/INFY?interval=day&count=3")
            .compose(three -> gw.get("/api/v1/candles/INFY?interval=day&count=2").map(two -> new JsonObject[] {three.json(), two.json()})))
        .onComplete(ctx.succeeding(bodies -> ctx.verify(() -> {
          JsonArray candles = bodies[0].getJsonArray("candles");
          assertEquals(3, candles.size(), candles.encode());
          assertEquals(NOV_24 - 4 * 86_400, candles.getJsonObject(0).getLong("timestamp"), "20 Nov at IST midnight");
          assertEquals(true, candles.getJsonObject(0).getBoolean("is_complete"));
          assertEquals(1.5, candles.getJsonObject(1).getDouble("close"));
          assertEquals(NOV_24, candles.getJsonObject(2).getLong("timestamp"));
          assertEquals(1500.0, candles.getJsonObject(2).getDouble("close"), "the live day replaces the history bar of that date");
          assertEquals(408065, bodies[0].getInteger("token"));
          assertEquals(2, bodies[1].getJsonArray("candles").size(), "count keeps the newest");
          assertEquals(NOV_24, bodies[1].getJsonArray("candles").getJsonObject(1).getLong("timestamp"));
          ctx.completeNow();
        })));
  }

  @Test
  void withoutAHistoryNodeDayCandlesAreTheLiveStoresAlone(Vertx vertx, VertxTestContext ctx) {
    dayCandleAndHistory(vertx, false);
    gateway(vertx).compose(gw -> gw.get("/api/v1/candles/INFY?interval=day"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.status(), r.text());
          assertEquals(1, r.json().getJsonArray("candles").size());
          ctx.completeNow();
        })));
  }
}
