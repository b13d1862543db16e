package marketgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Overloaded;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/scans under load and abuse; the consumers here answer like a scan worker. */
@ExtendWith(VertxExtension.class)
class ScansApiTest {
  @TempDir Path dataDir;

  @Test
  void aBusyWorkerBecomes429WithRetryAfter(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RUN,
        m -> m.fail(Overloaded.CODE, Overloaded.message("the scan workers are busy", 7)));
    GatewayFixture.start(vertx, dataDir, GatewayFixture.config(dataDir, new JsonObject()))
        .compose(gw -> gw.post("/api/v1/scans", "{\"code\":\"X:12:9:2.5\"}"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(429, r.status());
          assertEquals("7", r.header("Retry-After"));
          assertEquals("too many requests", r.json().getString("error"));
          assertTrue(r.json().getString("detail").contains("busy"), r.text());
          ctx.completeNow();
        })));
  }

  @Test
  void theWorkerIsToldTheGatewaysTimeoutAsItsDeadline(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<JsonObject> seen = new AtomicReference<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RUN, m -> {
      seen.set(m.body());
      m.reply(new JsonObject().put("id", "s1"));
    });
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(GatewayFixture.config(dataDir, new JsonObject())
        .toJson().put("scans", new JsonObject().put("timeoutMillis", 4321)));
    GatewayFixture.start(vertx, dataDir, config)
        .compose(gw -> gw.post("/api/v1/scans", "{\"code\":\"X:12:9:2.5\"}"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.status());
          assertEquals(4321, seen.get().getLong("timeout_ms"));
          ctx.completeNow();
        })));
  }

  @Test
  void universesAreServedFromTheScanWorkers(Vertx vertx, VertxTestContext ctx) {
    JsonObject lists = new JsonObject().put("lists", new io.vertx.core.json.JsonArray().add(new JsonObject()
        .put("index", 1).put("name", "Nifty 50").put("date", "2026-03-31").put("size", 50)));
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_UNIVERSES, m -> m.reply(lists));
    GatewayFixture.start(vertx, dataDir, GatewayFixture.config(dataDir, new JsonObject()))
        .compose(gw -> gw.get("/api/v1/universes"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.status());
          assertEquals(lists, r.json());
          ctx.completeNow();
        })));
  }

  @Test
  void theTokenIsCheckedBeforeABodyIsRead(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SCANS_RUN, m -> m.reply(new JsonObject().put("id", "s1")));
    MarketgateConfig config = GatewayFixture.config(dataDir, new JsonObject());
    MarketgateConfig secured = MarketgateConfig.from(config.toJson(), config.secrets().with(Secrets.API_TOKEN, "t0ken"));
    // A body over the limit: read first, it would be a 413; unread, the missing token is the answer.
    Buffer tooBig = Buffer.buffer(new byte[(int) config.http().maxBodyBytes() + 1024]);
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    GatewayFixture.start(vertx, dataDir, secured)
        .compose(gw -> gw.request(HttpMethod.POST, "/api/v1/scans", json, tooBig))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(401, r.status());
          assertEquals("unauthorized", r.json().getString("error"));
          ctx.completeNow();
        })));
  }
}
