package marketgate.gateway.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * Remembers which deliveries of a webhook were already taken, so a delivery repeated by its sender
 * (Telegram and Google both repeat until they get a 2xx) is processed once, whichever gateway it
 * reaches: the keys live in a cluster-wide map when the node is clustered (Vert.x shared data,
 * Hazelcast underneath) and in a local map otherwise, each for {@code ttlMillis}.
 *
 * <p>Bound: entries expire after the TTL, so the map holds at most one TTL's worth of deliveries;
 * in a cluster Hazelcast's map config ({@code cluster.xml}) caps it by size as well.
 */
public final class DeliveredOnce {
  private final Vertx vertx;
  private final String mapName;
  private final long ttlMillis;

  public DeliveredOnce(Vertx vertx, String mapName, long ttlMillis) {
    this.vertx = vertx;
    this.mapName = mapName;
    this.ttlMillis = ttlMillis;
  }

  /**
   * True when this is the first delivery of {@code key}. If the map cannot be reached the delivery
   * counts as first: processing a repeat is better than losing a notification.
   */
  public Future<Boolean> first(String key) {
    return vertx.sharedData().<String, Boolean>getAsyncMap(mapName)
        .compose((AsyncMap<String, Boolean> map) -> map.putIfAbsent(key, Boolean.TRUE, ttlMillis))
        .map(previous -> previous == null)
        .otherwise(true);
  }
}
