package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import marketgate.gateway.GatewayFixture;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache stays within its bound by bytes: least recently used copies go, the count is reported. */
@ExtendWith(VertxExtension.class)
class MirrorDiskCacheBoundTest {
  @TempDir Path dataDir;

  /** 1,000 bytes of body plus about 80 of meta: three copies fit in 3,500 bytes, four do not. */
  private static final long BOUND = 3_500;

  private static CachedFile copy(int i) {
    byte[] body = new byte[1000];
    Arrays.fill(body, (byte) ('a' + i));
    return CachedFile.of("data/f" + i + ".json", body, "\"e" + i + "\"", 0, System.currentTimeMillis(), 300_000, "origin");
  }

  private boolean onDisk(DataStore cache, int i) throws Exception {
    return cache.exists("files/data/f" + i + ".json") || cache.exists("meta/data/f" + i + ".json.json");
  }

  @Test
  void pastTheBoundTheLeastRecentlyUsedCopiesAreDeleted(Vertx vertx, VertxTestContext ctx) throws Exception {
    DataStore cache = new DataStore(dataDir.resolve("cache"));
    GatewayMetrics metrics = GatewayMetrics.create();
    FreshnessPolicy freshness = new FreshnessPolicy(Map.of(), 300);
    DiskCacheLayer disk = new DiskCacheLayer(vertx, cache, freshness, BOUND, metrics);
    disk.start()
        .compose(v -> disk.save(copy(1)))
        .compose(v -> disk.save(copy(2)))
        .compose(v -> disk.save(copy(3)))
        // Reading 1 makes it recently used: 2 is now the oldest and goes first.
        .compose(v -> disk.fetch("data/f1.json", null))
        .compose(v -> disk.save(copy(4)))
        .compose(v -> disk.save(copy(5)))
        .compose(v -> {
          ctx.verify(() -> {
            assertFalse(onDisk(cache, 2), "least recently used, evicted first");
            assertFalse(onDisk(cache, 3), "evicted second");
            assertTrue(onDisk(cache, 1), "read recently, kept");
            assertTrue(onDisk(cache, 4));
            assertTrue(onDisk(cache, 5), "the newest stays");
            assertEquals(3, disk.entries());
            assertTrue(disk.bytes() <= BOUND, "within the bound: " + disk.bytes());
            assertEquals(2L, metrics.diskCacheCounts().get("evictions"));
          });
          // A restart rebuilds the accounting from the directory and keeps enforcing the bound.
          DiskCacheLayer restarted = new DiskCacheLayer(vertx, cache, freshness, BOUND, metrics);
          return restarted.start().map(restarted);
        })
        .compose(restarted -> {
          ctx.verify(() -> {
            assertEquals(3, restarted.entries());
            assertEquals(disk.bytes(), restarted.bytes(), "the same bytes counted after a walk of the directory");
          });
          return restarted.save(copy(6)).map(restarted);
        })
        .onComplete(ctx.succeeding(restarted -> ctx.verify(() -> {
          assertEquals(3, restarted.entries());
          assertFalse(onDisk(cache, 1), "after the restart the oldest file on disk went first");
          assertTrue(onDisk(cache, 6));
          assertEquals(3L, metrics.diskCacheCounts().get("evictions"));
          ctx.completeNow();
        })));
  }

  @Test
  void evictionsAreReportedInStatusAndMetrics(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    for (int i = 1; i <= 5; i++) {
      CachedFile c = copy(i);
      origin.files.put(c.path(), c.body().getBytes());
    }
    origin.start()
        .compose(o -> GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "disk", "origin")
            .put("originUrl", o.baseUrl()).put("diskCacheMaxBytes", BOUND))))
        .compose(gw -> {
          Future<Void> reads = Future.succeededFuture();
          for (int i = 1; i <= 5; i++) {
            String uri = "/data/f" + i + ".json";
            reads = reads.compose(v -> gw.get(uri).mapEmpty());
          }
          // Copies are saved to disk in the background: wait for the evictions themselves.
          return reads.compose(v -> MirrorLayersTest.waitFor(vertx,
                  () -> gw.gateway.metrics().diskCacheCounts().get("evictions") == 2))
              .compose(v -> gw.get("/status"))
              .compose(status -> gw.get("/metrics").map(metricsText -> {
                JsonObject disk = status.json().getJsonObject("gateway").getJsonObject("disk");
                assertEquals(2L, disk.getLong("evictions"));
                assertEquals(3L, disk.getLong("entries"));
                assertEquals(BOUND, disk.getLong("maxBytes"));
                assertTrue(disk.getLong("bytes") <= BOUND);
                assertTrue(metricsText.text().contains("marketgate_gateway_disk_cache_evictions_total 2.0"),
                    "counted in /metrics");
                return disk;
              }));
        })
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }
}
