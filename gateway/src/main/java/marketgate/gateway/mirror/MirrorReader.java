package marketgate.gateway.mirror;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
  private final long staleBudgetMillis;
  private final ConcurrentHashMap<String, Walk> inFlight = new ConcurrentHashMap<>();

  /**
   * @param layers the layers after memory, in order (memory and stale are flags, not layers)
   * @param deadlineMillis the longest a reader waits before getting the stale copy or a 503
   * @param staleBudgetMillis the longest a reader waits for a revalidation while a copy is held (0: not at all)
   */
  public MirrorReader(Vertx vertx, MemoryLayer memory, boolean memoryEnabled, DiskCacheLayer disk,
      List<MirrorLayer> layers, boolean staleEnabled, long deadlineMillis, long staleBudgetMillis,
      GatewayMetrics metrics) {
    this.vertx = vertx;
    this.memory = memory;
    this.memoryEnabled = memoryEnabled;
    this.disk = disk;
    this.layers = List.copyOf(layers);
    this.staleEnabled = staleEnabled;
    this.deadlineMillis = deadlineMillis;
    this.staleBudgetMillis = Math.min(staleBudgetMillis, deadlineMillis);
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

  /**
   * A copy of {@code path} from the first layer that has a fresh one. While a copy is held (in memory,
   * or found on the way), a reader waits at most the stale budget: then it gets the held copy, marked
   * stale, and the one revalidation for this path goes on in the background.
   */
  public Future<CachedFile> read(String path) {
    CachedFile hot = freshFromMemory(path, System.currentTimeMillis());
    if (hot != null) {
      return Future.succeededFuture(hot);
    }
    if (memoryEnabled) {
      metrics.miss("memory");
    }
    Walk walk = inFlight.get(path);
    if (walk == null) {
      Walk created = new Walk(path, memoryEnabled ? memory.get(path) : null);
      walk = inFlight.putIfAbsent(path, created);
      if (walk == null) {
        walk = created;
        created.start();
      } else {
        metrics.singleFlightWait();
      }
    } else {
      metrics.singleFlightWait();
    }
    return answer(walk);
  }

  /**
   * The first of the walk's result and its stale copy, on the caller's own context: the shared walk
   * completes on the context of whoever started it, and a response must be written by the event loop
   * that owns its connection.
   */
  private Future<CachedFile> answer(Walk walk) {
    Future<CachedFile> done = walk.done.future();
    Future<CachedFile> stale = walk.staleReady.future();
    if (done.isComplete()) {
      return counted(done);
    }
    if (stale.succeeded()) {
      return counted(stale);
    }
    Context caller = vertx.getOrCreateContext();
    Promise<CachedFile> own = Promise.promise();
    Handler<AsyncResult<CachedFile>> deliver = ar -> {
      if (Vertx.currentContext() == caller) {
        settle(own, ar);
      } else {
        caller.runOnContext(v -> settle(own, ar));
      }
    };
    done.onComplete(deliver);
    stale.onSuccess(copy -> deliver.handle(stale));
    return counted(own.future());
  }

  private static void settle(Promise<CachedFile> promise, AsyncResult<CachedFile> ar) {
    if (ar.succeeded()) {
      promise.tryComplete(ar.result());
    } else {
      promise.tryFail(ar.cause());
    }
  }

  private Future<CachedFile> counted(Future<CachedFile> answer) {
    return answer.onSuccess(copy -> {
      if ("stale".equals(copy.source())) {
        metrics.hit("stale");
      }
    });
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

  /** One walk down the layers for one path, shared by every reader of that path meanwhile. */
  private final class Walk {
    private final String path;
    /** The walk's outcome: a fresh copy, the stale copy once every layer answered, or a failure. */
    final Promise<CachedFile> done = Promise.promise();
    /** The held copy marked stale, once the stale budget has passed and a copy is held. */
    final Promise<CachedFile> staleReady = Promise.promise();
    private volatile CachedFile newest;
    private volatile boolean budgetPassed;
    private boolean failures;

    Walk(String path, CachedFile memoryCopy) {
      this.path = path;
      this.newest = memoryCopy;
    }

    void start() {
      long deadline = vertx.setTimer(deadlineMillis, t -> finish(true));
      long budget = staleBudgetMillis > 0 ? vertx.setTimer(staleBudgetMillis, t -> passBudget()) : -1;
      done.future().onComplete(ar -> {
        vertx.cancelTimer(deadline);
        if (budget >= 0) {
          vertx.cancelTimer(budget);
        }
        inFlight.remove(path, this);
        staleReady.tryFail("revalidated");
      });
      if (staleBudgetMillis == 0) {
        passBudget();
      }
      step(0);
    }

    private void passBudget() {
      budgetPassed = true;
      offerStale();
    }

    /** Readers stop waiting for the revalidation once the budget has passed and a copy is held. */
    private void offerStale() {
      CachedFile held = newest;
      if (staleEnabled && budgetPassed && held != null) {
        staleReady.tryComplete(held.servedBy("stale"));
      }
    }

    void step(int index) {
      if (done.future().isComplete()) {
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
          done.tryComplete(copy);
          return;
        }
        metrics.miss(layer.name());
        if (copy != null && (newest == null || copy.fetchedAtMillis() > newest.fetchedAtMillis())) {
          newest = copy;
          offerStale();
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
      if (done.future().isComplete()) {
        return;
      }
      if (staleEnabled && newest != null) {
        done.tryComplete(newest.servedBy("stale"));
      } else if (deadline) {
        done.tryFail(new MirrorUnavailableException(
            "no layer answered for " + path + " within " + deadlineMillis + " ms", false));
      } else if (failures) {
        done.tryFail(new MirrorUnavailableException(
            "every upstream layer failed for " + path + " and no copy is held", false));
      } else {
        done.tryFail(new MirrorUnavailableException("no layer holds " + path, true));
      }
    }
  }
}
