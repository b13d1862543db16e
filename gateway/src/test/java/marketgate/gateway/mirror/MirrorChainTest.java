package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The read path as a whole: order, single flight, stale copies, failures, validators, push. */
@ExtendWith(VertxExtension.class)
class MirrorChainTest {
  @TempDir Path dataDir;

  private static final byte[] V1 = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] V2 = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);

  private Future<GatewayFixture> gatewayWithOrigin(Vertx vertx, FakeOrigin origin, JsonObject gateway) {
    return origin.start().compose(o -> GatewayFixture.start(vertx, dataDir,
        config(dataDir, gateway.put("originUrl", o.baseUrl()))));
  }

  @Test
  void theFirstLayerInOrderThatHoldsTheFileWins(Vertx vertx, VertxTestContext ctx) throws Exception {
    new DataStore(dataDir).write("data/metadata.json", V2);
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.files.put("data/metadata.json", V1);
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "disk", "live", "store", "origin", "github-api", "stale"))
        .compose(gw -> gw.get("/data/metadata.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("store", reply.header("x-data-source"));
          assertEquals("{\"v\":2}", reply.text());
          assertEquals(0, origin.requests.get(), "the origin is not asked when the store has the file");
          ctx.completeNow();
        })));
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutTheBody(Vertx vertx, VertxTestContext ctx) throws Exception {
    new DataStore(dataDir).write("data/metadata.json", V2);
    FakeOrigin origin = new FakeOrigin(vertx);
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "store"))
        .compose(gw -> gw.get("/data/metadata.json").compose(get -> gw.request(io.vertx.core.http.HttpMethod.HEAD,
            "/data/metadata.json", io.vertx.core.MultiMap.caseInsensitiveMultiMap(), null)
            .map(head -> new GatewayFixture.Reply[] {get, head})))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r[1].status());
          assertEquals(r[0].header("etag"), r[1].header("etag"));
          assertEquals(String.valueOf(V2.length), r[1].header("content-length"));
          assertEquals("memory", r[1].header("x-data-source"));
          assertEquals(0, r[1].body().length(), "no body for HEAD");
          ctx.completeNow();
        })));
  }

  @Test
  void fiveHundredConcurrentMissesMakeOneOriginRequest(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.files.put("data/candles/latest.json.gz", V1);
    // The origin answers only once every request has joined the one fetch: no race against a delay.
    Promise<Void> everyoneWaits = Promise.promise();
    origin.gate = everyoneWaits.future();
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "origin"))
        .compose(gw -> {
          List<Future<GatewayFixture.Reply>> all = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            all.add(gw.get("/data/candles/latest.json.gz"));
          }
          return MirrorLayersTest.waitFor(vertx, () -> gw.gateway.metrics().singleFlightWaits() == 499)
              .compose(v -> {
                everyoneWaits.complete();
                return Future.all(all);
              })
              .map(done -> {
                for (Future<GatewayFixture.Reply> f : all) {
                  assertEquals(200, f.result().status());
                  assertEquals("{\"v\":1}", f.result().text());
                }
                return gw.gateway.metrics().singleFlightWaits();
              });
        })
        .onComplete(ctx.succeeding(waits -> ctx.verify(() -> {
          assertEquals(1, origin.requests.get(), "exactly one upstream request");
          assertEquals(499, waits, "every other request waited on the first");
          ctx.completeNow();
        })));
  }

  @Test
  void whenTheOriginFailsTheLastCopyIsServedMarkedStale(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.files.put("data/metadata.json", V1);
    gatewayWithOrigin(vertx, origin, layers(0, "memory", "origin", "stale"))
        .compose(gw -> gw.get("/data/metadata.json").compose(first -> {
          origin.mode = FakeOrigin.Mode.FAIL;
          return gw.get("/data/metadata.json");
        }))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals("stale", reply.header("x-data-source"));
          assertEquals("true", reply.header("x-data-stale"));
          assertEquals("{\"v\":1}", reply.text());
          ctx.completeNow();
        })));
  }

  @Test
  void withNoCopyAnywhereAFailingOriginGivesA503Json(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.mode = FakeOrigin.Mode.FAIL;
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "store", "origin", "stale"))
        .compose(gw -> gw.get("/data/metadata.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(503, reply.status());
          assertEquals("unavailable", reply.json().getString("error"));
          assertTrue(reply.json().getString("detail").contains("data/metadata.json"));
          ctx.completeNow();
        })));
  }

  @Test
  void aHangingOriginGivesA503OnceTheUpstreamTimeoutPasses(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.mode = FakeOrigin.Mode.HANG;
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "origin", "stale").put("upstreamTimeoutMillis", 400))
        .compose(gw -> gw.get("/data/metadata.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          // An answer at all is the point: the origin never answers, the 400 ms limit does.
          assertEquals(503, reply.status());
          assertEquals(1, origin.requests.get(), "the origin was asked");
          assertTrue(reply.json().getString("detail").contains("data/metadata.json"), reply.json().getString("detail"));
          ctx.completeNow();
        })));
  }

  @Test
  void aFileNoLayerHoldsIsA404Json(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    gatewayWithOrigin(vertx, origin, layers(300, "memory", "store", "origin", "stale"))
        .compose(gw -> gw.get("/data/nothing-here.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(404, reply.status());
          assertEquals("not found", reply.json().getString("error"));
          ctx.completeNow();
        })));
  }

  @Test
  void ifNoneMatchWithTheCurrentEtagGives304WithoutABody(Vertx vertx, VertxTestContext ctx) throws Exception {
    new DataStore(dataDir).write("pages/daily/latest/DIX_PRICE_DATA.csv", "20240102T,1,2,0.5,1.5,100\n".getBytes(StandardCharsets.UTF_8));
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> gw.get("/pages/daily/latest/DIX_PRICE_DATA.csv").compose(first -> {
          ctx.verify(() -> assertTrue(first.header("content-type").startsWith("text/csv")));
          return gw.get("/pages/daily/latest/DIX_PRICE_DATA.csv", "If-None-Match", first.header("etag"))
              .compose(same -> gw.get("/pages/daily/latest/DIX_PRICE_DATA.csv", "If-None-Match", "\"other\"")
                  .map(other -> new GatewayFixture.Reply[] {first, same, other}));
        }))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(304, r[1].status());
          assertEquals(0, r[1].body().length());
          assertEquals(r[0].header("etag"), r[1].header("etag"));
          assertEquals(200, r[2].status());
          ctx.completeNow();
        })));
  }

  @Test
  void snapshotPublishedReplacesTheMemoryCopyAtOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
    DataStore store = new DataStore(dataDir);
    store.write("data/metadata.json", V1);
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(3600, "memory", "store")))
        .compose(gw -> gw.get("/data/metadata.json").compose(first -> {
          ctx.verify(() -> assertEquals("{\"v\":1}", first.text()));
          return vertx.executeBlocking(() -> {
            store.write("data/metadata.json", V2);
            return null;
          }).compose(v -> {
            vertx.eventBus().publish(Addresses.SNAPSHOT_PUBLISHED, new JsonObject().put("time", "2026-11-20T09:55:00Z")
                .put("files", new JsonArray().add(new JsonObject().put("path", "data/metadata.json").put("etag", "x").put("size", 7))));
            return MirrorLayersTest.waitFor(vertx, () -> {
              CachedFile held = gw.gateway.mirror().memory().get("data/metadata.json");
              return held != null && held.body().toString().equals("{\"v\":2}");
            });
          }).compose(v -> gw.get("/data/metadata.json"));
        }))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("{\"v\":2}", reply.text(), "no wait for the hour-long freshness to pass");
          assertEquals("memory", reply.header("x-data-source"));
          assertNull(reply.header("x-data-stale"));
          ctx.completeNow();
        })));
  }
}
