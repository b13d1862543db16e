package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.gateway.GatewayFixture;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reads that wait on disk or on another reader never hold unrelated reads or answer on a foreign event loop. */
@ExtendWith(VertxExtension.class)
class MirrorConcurrencyTest {
  @TempDir Path dataDir;

  private static final byte[] SLOW = "{\"slow\":true}".getBytes(StandardCharsets.UTF_8);

  /** A layer whose one fetch is answered when the test says so. */
  private static final class GatedLayer implements MirrorLayer {
    final Promise<CachedFile> gate = Promise.promise();
    volatile int fetches;

    @Override
    public String name() {
      return "origin";
    }

    @Override
    public Future<CachedFile> fetch(String path, CachedFile previous) {
      fetches++;
      return gate.future();
    }
  }

  @Test
  void aWaiterOfASharedFetchIsAnsweredOnItsOwnContext(Vertx vertx, VertxTestContext ctx) {
    GatedLayer layer = new GatedLayer();
    GatewayMetrics metrics = GatewayMetrics.create();
    MirrorReader reader = new MirrorReader(vertx, new MemoryLayer(1 << 20), true, null, List.of(layer), false,
        60_000, 200, metrics);
    Context first = vertx.getOrCreateContext();
    Context waiter = vertx.getOrCreateContext();
    AtomicReference<Context> firstAnsweredOn = new AtomicReference<>();
    AtomicReference<Context> waiterAnsweredOn = new AtomicReference<>();
    Promise<Void> bothAnswered = Promise.promise();
    Runnable check = () -> {
      if (firstAnsweredOn.get() != null && waiterAnsweredOn.get() != null) {
        bothAnswered.tryComplete();
      }
    };
    first.runOnContext(v -> reader.read("data/metadata.json").onComplete(ar -> {
      firstAnsweredOn.set(Vertx.currentContext());
      check.run();
    }));
    MirrorLayersTest.waitFor(vertx, () -> layer.fetches == 1)
        .compose(v -> {
          waiter.runOnContext(x -> reader.read("data/metadata.json").onComplete(ar -> {
            waiterAnsweredOn.set(Vertx.currentContext());
            check.run();
          }));
          return MirrorLayersTest.waitFor(vertx, () -> metrics.singleFlightWaits() == 1);
        })
        .compose(v -> {
          // The shared fetch completes on the first reader's context, as a real layer's would.
          first.runOnContext(x -> layer.gate.complete(CachedFile.of("data/metadata.json", SLOW, null, 0,
              System.currentTimeMillis(), 60_000, "origin")));
          return bothAnswered.future();
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertSame(first, firstAnsweredOn.get());
          assertSame(waiter, waiterAnsweredOn.get(), "the waiter is answered on its own context, not the first reader's");
          assertEquals(1, layer.fetches, "one fetch for both readers");
          ctx.completeNow();
        })));
  }

  @Test
  void aSlowDiskReadDoesNotHoldAFastReadOnTheSameEventLoop(Vertx vertx, VertxTestContext ctx) throws Exception {
    DataStore store = new DataStore(dataDir);
    store.write("data/fast.json", "{\"fast\":true}".getBytes(StandardCharsets.UTF_8));
    // A FIFO blocks its reader until a writer opens it: a store read that takes as long as the test wants.
    Path fifo = dataDir.resolve("data/slow.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    Promise<Void> released = Promise.promise();
    java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
    // Once only: a second writer would wait forever for a reader.
    Runnable release = () -> {
      if (opened.compareAndSet(false, true)) {
        vertx.executeBlocking(() -> {
          try (OutputStream out = Files.newOutputStream(fifo)) {
            out.write(SLOW);
          }
          return null;
        }).onComplete(ar -> released.tryComplete());
      }
    };
    // One event loop serves both requests, so an ordered blocking queue would put the fast read behind the slow one.
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store").put("serverInstances", 1)))
        .compose(gw -> {
          Future<GatewayFixture.Reply> slow = gw.get("/data/slow.json");
          long deadline = vertx.setTimer(20_000, t -> release.run());
          return MirrorLayersTest.waitFor(vertx, () -> gw.gateway.mirror().reader().inFlight() == 1)
              .compose(v -> gw.get("/data/fast.json"))
              .compose(fast -> {
                vertx.cancelTimer(deadline);
                ctx.verify(() -> {
                  assertEquals(200, fast.status());
                  assertEquals("{\"fast\":true}", fast.text());
                  assertFalse(opened.get(), "the fast read was answered while the slow one still waited");
                  assertFalse(slow.isComplete());
                });
                release.run();
                return slow;
              });
        })
        .onComplete(ar -> release.run())
        .onComplete(ctx.succeeding(slow -> ctx.verify(() -> {
          assertEquals(200, slow.status());
          assertEquals(new String(SLOW, StandardCharsets.UTF_8), slow.text());
          ctx.completeNow();
        })));
  }
}
