package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each layer of the read path answers on its own, with the headers that say where a copy came from. */
@ExtendWith(VertxExtension.class)
class MirrorLayersTest {
  @TempDir Path dataDir;

  private static final byte[] GZ = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5};

  @Test
  void storeLayerServesStoredBytesThenMemoryServesThem(Vertx vertx, VertxTestContext ctx) throws Exception {
    new DataStore(dataDir).write("data/candles/latest.json.gz", GZ);
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store", "stale")))
        .compose(gw -> gw.get("/data/candles/latest.json.gz").compose(first -> gw.get("/data/candles/latest.json.gz")
            .map(second -> new GatewayFixture.Reply[] {first, second})))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          GatewayFixture.Reply first = replies[0];
          assertEquals(200, first.status());
          assertEquals("store", first.header("x-data-source"));
          assertEquals("application/gzip", first.header("content-type"));
          assertEquals(Buffer.buffer(GZ), first.body(), "gz bytes are served as stored, never re-encoded");
          assertTrue(first.header("etag").startsWith("\""), "strong etag");
          assertNotNull(first.header("last-modified"));
          assertTrue(first.header("cache-control").contains("max-age="));
          assertEquals("memory", replies[1].header("x-data-source"));
          assertEquals(first.header("etag"), replies[1].header("etag"));
          assertNotNull(replies[1].header("age"));
          ctx.completeNow();
        })));
  }

  @Test
  void diskLayerServesAFreshCachedCopy(Vertx vertx, VertxTestContext ctx) throws Exception {
    DataStore disk = new DataStore(dataDir.resolve(".cache/gateway"));
    disk.write("files/data/metadata.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    disk.write("meta/data/metadata.json.json", new JsonObject().put("etag", "\"disk-1\"")
        .put("lastModified", 1_700_000_000_000L).put("fetchedAt", System.currentTimeMillis()).encode()
        .getBytes(StandardCharsets.UTF_8));
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "disk", "store")))
        .compose(gw -> gw.get("/data/metadata.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals("disk", reply.header("x-data-source"));
          assertEquals("\"disk-1\"", reply.header("etag"));
          assertEquals("application/json", reply.header("content-type"));
          assertEquals("{\"v\":1}", reply.text());
          ctx.completeNow();
        })));
  }

  @Test
  void liveLayerAsksThePublisherOverTheBus(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.SNAPSHOT_FILE, msg -> msg.reply(Buffer.buffer(GZ),
        new DeliveryOptions().addHeader("etag", "\"live-7\"").addHeader("last-modified", "1700000000000")));
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "live", "store")))
        .compose(gw -> gw.get("/data/ticks/ticks_latest.json.gz"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals("live", reply.header("x-data-source"));
          assertEquals("\"live-7\"", reply.header("etag"));
          assertEquals(Buffer.buffer(GZ), reply.body());
          ctx.completeNow();
        })));
  }

  @Test
  void originLayerFetchesOverHttpAndKeepsACopyOnDisk(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.files.put("data/metadata.json", "{\"origin\":true}".getBytes(StandardCharsets.UTF_8));
    origin.start()
        .compose(o -> GatewayFixture.start(vertx, dataDir, config(dataDir,
            layers(300, "memory", "disk", "store", "origin").put("originUrl", o.baseUrl() + "/"))))
        .compose(gw -> gw.get("/data/metadata.json"))
        .compose(reply -> waitFor(vertx, () -> Files.exists(dataDir.resolve(".cache/gateway/meta/data/metadata.json.json")))
            .map(reply))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("origin", reply.header("x-data-source"));
          assertEquals(FakeOrigin.etagOf("{\"origin\":true}".getBytes(StandardCharsets.UTF_8)), reply.header("etag"));
          assertEquals("/data/metadata.json", origin.seenUris.get(0));
          assertEquals("{\"origin\":true}", Files.readString(dataDir.resolve(".cache/gateway/files/data/metadata.json")));
          ctx.completeNow();
        })));
  }

  @Test
  void originRevalidatesWithIfNoneMatchAndA304RefreshesTheCopy(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.files.put("data/metadata.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    origin.start()
        .compose(o -> GatewayFixture.start(vertx, dataDir, config(dataDir,
            layers(0, "memory", "origin").put("originUrl", o.baseUrl()))))
        .compose(gw -> gw.get("/data/metadata.json").compose(first -> gw.get("/data/metadata.json")))
        .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
          assertEquals(2, origin.requests.get());
          String etag = FakeOrigin.etagOf("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
          assertEquals(etag, origin.seenHeaders.get(1).get("if-none-match"), "second fetch is conditional");
          assertEquals(200, second.status());
          assertEquals("origin", second.header("x-data-source"));
          assertEquals("{\"a\":1}", second.text(), "a 304 serves the copy already held");
          ctx.completeNow();
        })));
  }

  @Test
  void githubApiLayerAsksForRawContentWithTheToken(Vertx vertx, VertxTestContext ctx) {
    FakeOrigin api = new FakeOrigin(vertx);
    api.files.put("pages/index.json", "[]".getBytes(StandardCharsets.UTF_8));
    api.start()
        .compose(o -> {
          var cfg = config(dataDir, layers(300, "memory", "github-api")
              .put("githubContentsUrl", o.baseUrl() + "/repos/o/r/contents?ref=main"));
          var withToken = marketgate.shared.config.MarketgateConfig.from(cfg.source(),
              Secrets.none().with(Secrets.GITHUB_TOKEN, "ghp_test"));
          return GatewayFixture.start(vertx, dataDir, withToken);
        })
        .compose(gw -> gw.get("/pages/index.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals("github-api", reply.header("x-data-source"));
          assertEquals("/repos/o/r/contents/pages/index.json?ref=main", api.seenUris.get(0));
          assertEquals("application/vnd.github.raw", api.seenHeaders.get(0).get("accept"));
          assertEquals("Bearer ghp_test", api.seenHeaders.get(0).get("authorization"));
          ctx.completeNow();
        })));
  }

  /** Polls a condition every 20 ms for up to 5 s (disk writes happen in the background). */
  @Test
  void aLargeCopyIsServedFromItsSendfileTwinWithTheSameBytes(Vertx vertx, VertxTestContext ctx) throws Exception {
    byte[] large = new byte[600_000];
    new java.util.Random(7).nextBytes(large);
    new DataStore(dataDir).write("data/candles/latest.json.gz", large);
    String path = "data/candles/latest.json.gz";
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> gw.get("/" + path).compose(first -> {
          MemoryLayer memory = gw.gateway.mirror().memory();
          return waitFor(vertx, () -> memory.get(path).wire().isReady())
              .compose(v -> gw.get("/" + path))
              .map(second -> {
                WireCopy twin = memory.get(path).wire();
                assertEquals(Buffer.buffer(large), first.body());
                assertEquals(Buffer.buffer(large), second.body(), "the same bytes from the sendfile twin");
                assertEquals(String.valueOf(large.length), second.header("content-length"));
                assertEquals(first.header("etag"), second.header("etag"));
                assertEquals("memory", second.header("x-data-source"));
                // A new body replaces the copy: the old twin is closed once no response uses it.
                memory.put(CachedFile.of(path, new byte[] {1, 2, 3}, null, 0, System.currentTimeMillis(), 300_000, "store"));
                assertTrue(!twin.isReady(), "the replaced copy's twin is closed");
                return second;
              });
        }))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  static Future<Void> waitFor(Vertx vertx, java.util.concurrent.Callable<Boolean> condition) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    // A generous deadline: it only stops a broken build from hanging, a loaded machine never reaches it.
    long deadline = System.currentTimeMillis() + 30_000;
    vertx.setPeriodic(20, id -> {
      try {
        if (condition.call()) {
          vertx.cancelTimer(id);
          done.tryComplete();
        } else if (System.currentTimeMillis() > deadline) {
          vertx.cancelTimer(id);
          done.tryFail("condition not met in 30 s");
        }
      } catch (Exception e) {
        vertx.cancelTimer(id);
        done.tryFail(e);
      }
    });
    return done.future();
  }
}
