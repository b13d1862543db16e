package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale-while-revalidate: behind a slow or dead origin, a held copy is served within the stale budget
 * while one background revalidation runs, and the fresh copy replaces it once the origin answers.
 */
@ExtendWith(VertxExtension.class)
class MirrorStaleTest {
  @TempDir Path dataDir;

  private static final String PATH = "data/metadata.json";
  private static final byte[] V1 = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] V2 = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);
  private static final int READERS = 50;

  /** A gateway that has read V1 from the origin once, its copy then made to look two minutes old. */
  private Future<GatewayFixture> gatewayHoldingAnExpiredCopy(Vertx vertx, FakeOrigin origin) {
    origin.files.put(PATH, V1);
    JsonObject gateway = layers(60, "memory", "origin", "stale")
        .put("staleReadBudgetMillis", 100)
        // Far longer than the test: a reader who waited for the revalidation would never be answered in time.
        .put("upstreamTimeoutMillis", 120_000);
    return origin.start()
        .compose(o -> GatewayFixture.start(vertx, dataDir, config(dataDir, gateway.put("originUrl", o.baseUrl()))))
        .compose(gw -> gw.get("/" + PATH).map(first -> {
          assertEquals("origin", first.header("x-data-source"));
          MemoryLayer memory = gw.gateway.mirror().memory();
          memory.put(memory.get(PATH).refreshed(System.currentTimeMillis() - 120_000, 60_000, "memory"));
          return gw;
        }));
  }

  private static Future<List<GatewayFixture.Reply>> manyReaders(GatewayFixture gw) {
    List<Future<GatewayFixture.Reply>> all = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      all.add(gw.get("/" + PATH));
    }
    return Future.all(all).map(done -> all.stream().map(Future::result).toList());
  }

  private static void assertServedStale(List<GatewayFixture.Reply> replies) {
    for (GatewayFixture.Reply reply : replies) {
      assertEquals(200, reply.status());
      assertEquals("{\"v\":1}", reply.text());
      assertEquals("true", reply.header("x-data-stale"));
      assertEquals("stale", reply.header("x-data-source"));
      assertTrue(Long.parseLong(reply.header("age")) >= 120, "Age says how old the held copy is: " + reply.header("age"));
    }
  }

  @Test
  void behindASlowOriginAHeldCopyIsServedStaleWhileOneRevalidationRuns(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    Promise<Void> originMayAnswer = Promise.promise();
    gatewayHoldingAnExpiredCopy(vertx, origin)
        .compose(gw -> {
          origin.files.put(PATH, V2);
          origin.gate = originMayAnswer.future();
          return manyReaders(gw).compose(replies -> {
            ctx.verify(() -> {
              assertFalse(originMayAnswer.future().isComplete(), "served before the origin was allowed to answer");
              assertServedStale(replies);
              assertEquals(1, gw.gateway.mirror().reader().inFlight(), "the revalidation is still running");
            });
            return MirrorLayersTest.waitFor(vertx, () -> origin.requests.get() == 2);
          }).compose(v -> {
            originMayAnswer.complete();
            return MirrorLayersTest.waitFor(vertx, () -> "{\"v\":2}".equals(
                gw.gateway.mirror().memory().get(PATH).body().toString()));
          }).compose(v -> gw.get("/" + PATH))
              .map(fresh -> {
                assertEquals("{\"v\":2}", fresh.text(), "the revalidated copy replaced the stale one");
                assertEquals("memory", fresh.header("x-data-source"));
                assertNull(fresh.header("x-data-stale"));
                assertEquals(2, origin.requests.get(), "one first read, then exactly one revalidation for "
                    + READERS + " readers");
                return fresh;
              });
        })
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void behindAnOriginThatNeverAnswersAHeldCopyIsServedWithoutWaitingForTheTimeout(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    gatewayHoldingAnExpiredCopy(vertx, origin)
        .compose(gw -> {
          origin.mode = FakeOrigin.Mode.HANG;
          return manyReaders(gw).compose(replies -> {
            ctx.verify(() -> {
              assertServedStale(replies);
              assertEquals(1, gw.gateway.mirror().reader().inFlight(),
                  "answered while the revalidation still waits for the origin");
            });
            return MirrorLayersTest.waitFor(vertx, () -> origin.requests.get() == 2);
          });
        })
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }
}
