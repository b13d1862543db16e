package marketgate.gateway.mirror;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import marketgate.gateway.ops.GatewayMetrics;

/**
 * The read path: memory, then the other layers in configured order, the first fresh copy wins;
 * when every layer fails, the newest copy any layer held is served as stale.
 *
 * <p>Concurrent misses for one path share one walk of the layers (single flight), so a cold
 * {@code latest.json.gz} read by 500 screeners costs one upstream request, not 500.
 */
public final class MirrorReader {
  private final Vertx vertx;
  private final MemoryLayer memory;
  private final DiskCacheLayer disk;
  private final List<MirrorLayer> layers;
  private final boolean memoryEnabled;
  private final boolean staleEnabled;
  private final long deadlineMillis;
  private final GatewayMetrics metrics;
  private final ConcurrentHashMap<String, Future<CachedFile>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param layers the layers after memory, in order (memory and stale are flags, not layers)
   * @param deadlineMillis the longest a reader waits before getting the stale copy or a 503
   */
  public MirrorReader(Vertx vertx, MemoryLayer memory, boolean memoryEnabled, DiskCacheLayer disk,
      List<MirrorLayer> layers, boolean staleEnabled, long deadlineMillis, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.memory = memory;
    this.memoryEnabled = memoryEnabled;
    this.disk = disk;
    this.layers = List.copyOf(layers);
    this.staleEnabled = staleEnabled;
    this.deadlineMillis = deadlineMillis;
    this.metrics = metrics;
  }

  /** The hot path: a fresh copy in memory, or null. Synchronous, allocation-free. */
  public CachedFile freshFromMemory(String path, long nowMillis) {
    if (!memoryEnabled) {
      return null;
    }
    CachedFile file = memory.get(path);
    if (file != null && file.freshAt(nowMillis)) {
      metrics.memoryHit();
      return file;
    }
    return null;
  }

  /** A copy of {@code path} from the first layer that has a fresh one, or a stale one marked as such. */
  public Future<CachedFile> read(String path) {
    CachedFile hot = freshFromMemory(path, System.currentTimeMillis());
    if (hot != null) {
      return Future.succeededFuture(hot);
    }
    if (memoryEnabled) {
      metrics.miss("memory");
    }
    Future<CachedFile> running = inFlight.get(path);
    if (running != null) {
      metrics.singleFlightWait();
      return onCallersContext(running);
    }
    Promise<CachedFile> promise = Promise.promise();
    running = inFlight.putIfAbsent(path, promise.future());
    if (running != null) {
      metrics.singleFlightWait();
      return onCallersContext(running);
    }
    Walk walk = new Walk(path, promise, memoryEnabled ? memory.get(path) : null);
    long timer = vertx.setTimer(deadlineMillis, t -> walk.finish(true));
    promise.future().onComplete(done -> {
      vertx.cancelTimer(timer);
      inFlight.remove(path, promise.future());
    });
    walk.step(0);
    return onCallersContext(promise.future());
  }

  /**
   * The shared walk completes on the context of whoever started it; each waiter is answered on its
   * own context, so a response is written by the event loop that owns its connection.
   */
  private Future<CachedFile> onCallersContext(Future<CachedFile> shared) {
    if (shared.isComplete()) {
      return shared;
    }
    Context caller = vertx.getOrCreateContext();
    Promise<CachedFile> own = Promise.promise();
    shared.onComplete(ar -> {
      if (Vertx.currentContext() == caller) {
        own.handle(ar);
      } else {
        caller.runOnContext(v -> own.handle(ar));
      }
    });
    return own.future();
  }

  /** Puts a copy learned outside the read path (a snapshot push) into memory. */
  public void offer(CachedFile file) {
    if (memoryEnabled) {
      memory.put(file.servedBy("memory"));
    }
  }

  public int inFlight() {
    return inFlight.size();
  }

  /** One walk down the layers for one path. */
  private final class Walk {
    private final String path;
    private final Promise<CachedFile> promise;
    private CachedFile newest;
    private boolean failures;

    Walk(String path, Promise<CachedFile> promise, CachedFile memoryCopy) {
      this.path = path;
      this.promise = promise;
      this.newest = memoryCopy;
    }

    void step(int index) {
      if (promise.future().isComplete()) {
        return;
      }
      if (index == layers.size()) {
        finish(false);
        return;
      }
      MirrorLayer layer = layers.get(index);
      long started = System.nanoTime();
      Future<CachedFile> fetched;
      try {
        fetched = layer.fetch(path, newest);
      } catch (RuntimeException e) {
        fetched = Future.failedFuture(e);
      }
      fetched.onComplete(ar -> {
        if (layer != disk) {
          metrics.upstreamLatency(layer.name(), System.nanoTime() - started);
        }
        CachedFile copy = ar.succeeded() ? ar.result() : null;
        failures |= ar.failed();
        // A copy a source just produced is current by definition (even with freshness 0); only the
        // disk cache can hand back an old one.
        if (copy != null && (layer != disk || copy.freshAt(System.currentTimeMillis()))) {
          metrics.hit(layer.name());
          keep(layer, copy);
          promise.tryComplete(copy);
          return;
        }
        metrics.miss(layer.name());
        if (copy != null && (newest == null || copy.fetchedAtMillis() > newest.fetchedAtMillis())) {
          newest = copy;
        }
        step(index + 1);
      });
    }

    private void keep(MirrorLayer layer, CachedFile copy) {
      offer(copy);
      if (layer.remote() && disk != null) {
        disk.save(copy);
      }
    }

    /** Every layer answered (or the deadline passed): the stale copy, else 404 or 503. */
    void finish(boolean deadline) {
      if (promise.future().isComplete()) {
        return;
      }
      if (staleEnabled && newest != null) {
        metrics.hit("stale");
        promise.tryComplete(newest.servedBy("stale"));
      } else if (deadline) {
        promise.tryFail(new MirrorUnavailableException(
            "no layer answered for " + path + " within " + deadlineMillis + " ms", false));
      } else if (failures) {
        promise.tryFail(new MirrorUnavailableException(
            "every upstream layer failed for " + path + " and no copy is held", false));
      } else {
        promise.tryFail(new MirrorUnavailableException("no layer holds " + path, true));
      }
    }
  }
}
