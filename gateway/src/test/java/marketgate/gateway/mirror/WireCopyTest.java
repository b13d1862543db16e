package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory layer's wire copies are freed the moment nothing uses them: when the layer lets a copy
 * go and the last response writing it is done, not when a GC happens to collect the copy.
 */
@ExtendWith(VertxExtension.class)
class WireCopyTest {
  private static final String PATH = "data/candles/latest.json.gz";

  @TempDir Path dataDir;

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static CachedFile copy(byte[] body) {
    return CachedFile.of(PATH, body, null, 0, System.currentTimeMillis(), 300_000, "store");
  }

  @Test
  void aSmallCopyIsWrittenFromDirectMemoryThatIsFreedAtOnceWhenReplaced() {
    MemoryLayer memory = new MemoryLayer(16 << 20);
    byte[] body = bytes(50_000, 1);
    memory.put(copy(body));
    WireCopy wire = memory.get(PATH).wire();

    WireCopy.Lease lease = wire.acquire();
    assertNotNull(lease, "a held copy has its wire form at once");
    assertNull(lease.file());
    assertEquals(Buffer.buffer(body), lease.memory(), "the same bytes");
    wire.release();

    memory.put(copy(bytes(50_000, 2)));
    assertFalse(wire.holdsResources(), "replaced with no response in flight: freed now");
    assertNull(wire.acquire(), "and never handed out again");
    assertTrue(memory.get(PATH).wire().isReady(), "the new copy has its own");
  }

  @Test
  void aCopyReplacedWhileAResponseWritesItIsFreedWhenThatResponseEnds() {
    MemoryLayer memory = new MemoryLayer(16 << 20);
    memory.put(copy(bytes(50_000, 3)));
    WireCopy wire = memory.get(PATH).wire();
    WireCopy.Lease inFlight = wire.acquire();

    memory.invalidate(PATH);
    assertTrue(wire.holdsResources(), "a response still writes it");
    assertEquals(50_000, inFlight.memory().length());
    wire.release();
    assertFalse(wire.holdsResources(), "the last response ended: freed");
  }

  @Test
  void evictionBySizeFreesTheWire() {
    MemoryLayer memory = new MemoryLayer(128 << 10);
    CachedFile a = CachedFile.of("data/a.json", bytes(40_000, 4), null, 0, System.currentTimeMillis(), 300_000, "store");
    CachedFile b = CachedFile.of("data/b.json", bytes(40_000, 5), null, 0, System.currentTimeMillis(), 300_000, "store");
    memory.put(a);
    memory.put(b);
    // Each small copy weighs twice its size (heap body + wire): 160 KB does not fit in 128 KB, and
    // the size policy decides which of the two goes.
    boolean keptA = memory.get("data/a.json") != null;
    assertTrue(keptA != (memory.get("data/b.json") != null), "exactly one of the two is held");
    CachedFile kept = keptA ? a : b;
    CachedFile evicted = keptA ? b : a;
    assertFalse(evicted.wire().holdsResources(), "the evicted copy's memory is freed");
    assertTrue(kept.wire().holdsResources(), "the kept one's is not");
  }

  @Test
  void aFileWrittenAfterItsCopyWasRetiredIsClosedAtOnce() throws Exception {
    WireCopy wire = new WireCopy();
    assertTrue(wire.claim());
    wire.retire();
    Path twin = Files.createTempFile(dataDir, "twin", ".bin");
    FileChannel channel = FileChannel.open(twin, StandardOpenOption.READ, StandardOpenOption.WRITE);
    wire.fileReady(channel);
    assertFalse(channel.isOpen(), "retired while it was being written: closed when it is ready");
    assertNull(wire.acquire());
  }

  @Test
  void aServedSmallCopyIsReleasedByItsResponse(Vertx vertx, VertxTestContext ctx) throws Exception {
    byte[] body = bytes(50_000, 6);
    new DataStore(dataDir).write(PATH, body);
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> gw.get("/" + PATH).compose(first -> gw.get("/" + PATH).map(second -> {
          MemoryLayer memory = gw.gateway.mirror().memory();
          WireCopy wire = memory.get(PATH).wire();
          assertEquals("memory", second.header("x-data-source"));
          assertEquals(Buffer.buffer(body), second.body(), "the same bytes from direct memory");
          memory.put(copy(new byte[] {1, 2, 3}));
          return wire;
        })))
        // The server releases its lease when the write completes, which may be just after the client
        // has the bytes; had a response kept its reference, this would never hold.
        .compose(wire -> MirrorLayersTest.waitFor(vertx, () -> !wire.holdsResources()))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }
}
