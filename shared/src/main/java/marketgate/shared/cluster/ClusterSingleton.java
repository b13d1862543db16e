package marketgate.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit of verticles that runs on exactly one node of those that have its role: the node that
 * holds the cluster-wide lock {@code marketgate.singleton.<name>} deploys the unit; the others stand
 * by and try again every {@code retryMillis}.
 *
 * <p>The lock is the cluster manager's ({@code vertx.sharedData().getLockWithTimeout}); with
 * Hazelcast it is a map lock that Hazelcast releases when the owning member leaves the cluster, so
 * when the holder dies, even by {@code kill -9}, a standby acquires it once Hazelcast has declared the
 * member dead (heartbeat timeout, see cluster.xml) and deploys the unit. In embedded mode the lock is
 * local and the first try always wins, so one JVM runs the same code path.
 */
public final class ClusterSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSingleton.class);
  private static final String LOCK_PREFIX = "marketgate.singleton.";

  private final Vertx vertx;
  private final ClusterView cluster;
  private final String name;
  private final Supplier<Future<List<String>>> deployUnit;
  private final long lockWaitMillis;
  private final long retryMillis;
  private final List<String> deployments = new ArrayList<>();
  private volatile Lock lock;
  private volatile boolean stopped;
  private volatile long heldSinceMillis = -1;
  private long timer = -1;

  /**
   * @param deployUnit deploys the unit's verticles and answers their deployment ids; on failure it
   *     must leave nothing deployed (the lock is released and the next try starts over)
   */
  public ClusterSingleton(Vertx vertx, ClusterView cluster, String name, Supplier<Future<List<String>>> deployUnit,
      long lockWaitMillis, long retryMillis) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.name = name;
    this.deployUnit = deployUnit;
    this.lockWaitMillis = lockWaitMillis;
    this.retryMillis = retryMillis;
  }

  public String name() {
    return name;
  }

  /** True while this node holds the singleton and its unit is deployed. */
  public boolean held() {
    return heldSinceMillis >= 0;
  }

  /**
   * The first try: completes when this node deployed the unit, or when another node holds it (this
   * node then stands by). Fails only when this node got the lock and the unit failed to deploy.
   */
  public Future<Void> start() {
    Promise<Void> first = Promise.promise();
    attempt(first);
    return first.future();
  }

  private void attempt(Promise<Void> first) {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + name, lockWaitMillis)
        .onSuccess(acquired -> takeOver(acquired, first))
        .onFailure(busy -> {
          if (first != null && !first.future().isComplete()) {
            LOG.info("singleton '{}' is held by another node; standing by", name);
            first.tryComplete();
          }
          scheduleRetry();
        });
  }

  private void takeOver(Lock acquired, Promise<Void> first) {
    if (stopped) {
      acquired.release();
      return;
    }
    long started = System.nanoTime();
    deployUnit.get()
        .compose(ids -> cluster.recordHolder(name).map(ids))
        .onSuccess(ids -> {
          lock = acquired;
          deployments.addAll(ids);
          heldSinceMillis = System.currentTimeMillis();
          LOG.info("singleton '{}' now runs on this node ({} verticles, {} ms)", name, ids.size(),
              (System.nanoTime() - started) / 1_000_000);
          if (first != null) {
            first.tryComplete();
          }
        })
        .onFailure(e -> {
          LOG.error("singleton '{}' failed to start on this node: {}", name, e.getMessage());
          acquired.release();
          if (first != null && !first.future().isComplete()) {
            first.tryFail(e);
          } else {
            scheduleRetry();
          }
        });
  }

  private void scheduleRetry() {
    if (!stopped) {
      timer = vertx.setTimer(retryMillis, id -> attempt(null));
    }
  }

  /** Drops a deployment of the unit that was undeployed on its own, so {@link #stop} does not undeploy it again. */
  public void forget(String deploymentId) {
    deployments.remove(deploymentId);
  }

  /** Undeploys the unit (newest first) and releases the lock, so a standby takes over at once. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> {
        LOG.error("stopping {} of singleton '{}' failed: {}", id, name, e.getMessage());
        return Future.succeededFuture();
      }));
    }
    return chain.onComplete(done -> {
      deployments.clear();
      heldSinceMillis = -1;
      if (lock != null) {
        lock.release();
        lock = null;
      }
    });
  }
}
