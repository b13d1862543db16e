package marketgate.gateway.ops;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.function.Supplier;
import marketgate.shared.bus.Addresses;

/**
 * Health procedures. Liveness only needs the event loop to answer. Readiness needs the
 * candle store loaded (it answers {@link Addresses#TICKS_STATS}) and, in cluster mode, the node joined.
 */
public final class Readiness {
  private Readiness() {}

  public static HealthChecks liveness(Vertx vertx) {
    // One trivial procedure so the answer is 200 with a JSON body (no procedures gives an empty 204).
    return HealthChecks.create(vertx).register("event-loop", promise -> promise.complete(Status.OK()));
  }

  /**
   * @param clusterJoined null outside cluster mode; otherwise says whether this node has joined
   */
  public static HealthChecks readiness(Vertx vertx, long timeoutMillis, Supplier<Boolean> clusterJoined) {
    HealthChecks checks = HealthChecks.create(vertx);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    checks.register("store-loaded", timeoutMillis + 500, promise ->
        vertx.eventBus().request(Addresses.TICKS_STATS, new JsonObject(), options)
            .onSuccess(reply -> promise.tryComplete(Status.OK()))
            .onFailure(err -> promise.tryComplete(Status.KO(new JsonObject().put("reason", String.valueOf(err.getMessage()))))));
    if (clusterJoined != null) {
      checks.register("cluster-joined", promise -> promise.tryComplete(
          Boolean.TRUE.equals(clusterJoined.get()) ? Status.OK() : Status.KO(new JsonObject().put("reason", "node has not joined the cluster"))));
    }
    return checks;
  }
}
