package marketgate.workers.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Supplier;
import marketgate.shared.bus.Addresses;

/**
 * Asks every pipeline for its status in parallel, each with a short timeout; one that does not
 * answer becomes null in the {@link Facts} (its checks say UNKNOWN) instead of failing the round.
 */
final class FactsCollector {
  private final Vertx vertx;
  private final Clock clock;
  private final DeliveryOptions options;
  private final Supplier<Future<ClusterView>> cluster;

  FactsCollector(Vertx vertx, Clock clock, long timeoutMillis, Supplier<Future<ClusterView>> cluster) {
    this.vertx = vertx;
    this.clock = clock;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.cluster = cluster;
  }

  Future<Facts> collect() {
    Future<JsonObject> ticks = ask(Addresses.TICKS_STATS);
    Future<JsonObject> source = ask(Addresses.TICKS_SOURCE_STATUS);
    Future<JsonObject> dayCandles = ask(Addresses.TICKS_DAY_CANDLES);
    Future<JsonObject> publish = ask(Addresses.PUBLISH_STATUS);
    Future<JsonObject> bluedot = ask(Addresses.BLUEDOT_STATUS);
    Future<ClusterView> members = cluster.get().otherwise((ClusterView) null);
    return Future.join(ticks, source, dayCandles, publish, bluedot, members).transform(done -> Future.succeededFuture(
        new Facts(clock.instant(), ticks.result(), source.result(), dayCandles.result(), publish.result(),
            bluedot.result(), members.result())));
  }

  private Future<JsonObject> ask(String address) {
    return vertx.eventBus().<Object>request(address, new JsonObject(), options)
        .map(m -> m.body() instanceof JsonObject o ? o : null)
        .otherwise((JsonObject) null);
  }
}
