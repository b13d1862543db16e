package marketgate.shared.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import marketgate.shared.cluster.DeliveredOnce;

/**
 * "Have we taken this Telegram {@code update_id} before?" Telegram repeats an update until it gets a
 * 2xx, and in a cluster the repeat may reach another gateway, so the answer lives in a Vert.x async
 * map: cluster-wide (Hazelcast) when the node is clustered, local otherwise. {@code putIfAbsent} is
 * atomic in both, so of any number of concurrent deliveries exactly one is first.
 *
 * <p>Bound: one entry (an id and a short string, about 100 bytes) per accepted update, each
 * expiring after {@link #TTL_MILLIS}, so the map holds one day of intake; in a cluster Hazelcast
 * also caps it at a million entries per node, least recently used out first ({@code cluster.xml},
 * map {@code bot.*}). Both the webhook and the polling source use it, so switching modes never
 * replays an update.
 */
public final class UpdateDedupe {
  public static final String MAP = "bot.updates-seen";
  /** Telegram keeps undelivered updates for 24 hours; after that no repeat can come. */
  public static final long TTL_MILLIS = 24L * 3600 * 1000;

  private final DeliveredOnce<Long> seen;

  public UpdateDedupe(Vertx vertx) {
    this.seen = new DeliveredOnce<>(vertx, MAP, TTL_MILLIS);
  }

  /** Succeeds with true for the first delivery of this id, false for every repeat. */
  public Future<Boolean> first(long updateId, String taker) {
    return seen.first(updateId, taker);
  }

  /** Forgets an update this taker could not hand to the bot, so Telegram's repeat is taken again. */
  public Future<Void> forget(long updateId, String taker) {
    return seen.forget(updateId, taker);
  }

  /** The {@code update_id} of a Telegram Update, or -1 when the JSON is not an Update. */
  public static long updateId(io.vertx.core.json.JsonObject update) {
    Object id = update == null ? null : update.getValue("update_id");
    if (id instanceof Integer || id instanceof Long) {
      long value = ((Number) id).longValue();
      return value >= 0 ? value : -1;
    }
    return -1;
  }
}
