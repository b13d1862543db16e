package marketgate.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * Remembers which deliveries were already taken, so a delivery repeated by its sender (Telegram and
 * Google both repeat a webhook until they get a 2xx) is processed once, whichever gateway or poller
 * it reaches: the keys live in a Vert.x async map, cluster-wide (Hazelcast) when the node is
 * clustered and local otherwise, each for {@code ttlMillis}. {@code putIfAbsent} is atomic in both,
 * so of any number of concurrent deliveries exactly one is first.
 *
 * <p>Bound: entries expire after the TTL, so the map holds one TTL's worth of deliveries; in a
 * cluster Hazelcast's map config ({@code cluster.xml}) caps it by size per node as well.
 */
public final class DeliveredOnce<K> {
  private final Vertx vertx;
  private final String mapName;
  private final long ttlMillis;

  public DeliveredOnce(Vertx vertx, String mapName, long ttlMillis) {
    this.vertx = vertx;
    this.mapName = mapName;
    this.ttlMillis = ttlMillis;
  }

  /** Succeeds with true for the first delivery of {@code key} (recording {@code taker}), false for every repeat. */
  public Future<Boolean> first(K key, String taker) {
    return vertx.sharedData().<K, String>getAsyncMap(mapName)
        .compose((AsyncMap<K, String> map) -> map.putIfAbsent(key, taker, ttlMillis))
        .map(previous -> previous == null);
  }

  /**
   * Forgets {@code key} if {@code taker} still holds it: a delivery that was taken but could not be
   * handed on, so the sender's repeat is taken again instead of being answered as a duplicate.
   */
  public Future<Void> forget(K key, String taker) {
    return vertx.sharedData().<K, String>getAsyncMap(mapName)
        .compose((AsyncMap<K, String> map) -> map.removeIfPresent(key, taker))
        .mapEmpty();
  }
}
