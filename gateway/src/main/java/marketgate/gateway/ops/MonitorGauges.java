package marketgate.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.bus.Addresses;

/**
 * {@code marketgate_monitor_check_failing{check="..."}}: 0 while a monitor check is fine, 1 while
 * it has an open incident, fed by the monitor's {@link Addresses#MONITOR_INCIDENTS} events so a
 * scrape never waits on the bus. Checks are a fixed, small set, so the gauges are bounded.
 */
public final class MonitorGauges {
  static final String NAME = "marketgate_monitor_check_failing";
  /** Far above the monitor's own checks; a bound in case a bad sender floods new names. */
  static final int MAX_CHECKS = 100;

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> values = new ConcurrentHashMap<>();

  private MonitorGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Listens on the bus; the future completes once the consumer is registered. */
  public static Future<Void> listen(Vertx vertx, MeterRegistry registry) {
    MonitorGauges gauges = new MonitorGauges(registry);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.MONITOR_INCIDENTS,
        m -> gauges.update(m.body() == null ? null : m.body().getJsonObject("checks")));
    return consumer.completion();
  }

  void update(JsonObject checks) {
    if (checks == null) {
      return;
    }
    for (String check : checks.fieldNames()) {
      AtomicInteger value = values.get(check);
      if (value == null) {
        if (values.size() >= MAX_CHECKS) {
          continue;
        }
        value = values.computeIfAbsent(check, c -> {
          AtomicInteger v = new AtomicInteger();
          Gauge.builder(NAME, v, AtomicInteger::get).description("1 while the monitor check has an open incident")
              .tag("check", c).register(registry);
          return v;
        });
      }
      Object raw = checks.getValue(check);
      value.set(raw instanceof Number n && n.intValue() != 0 ? 1 : 0);
    }
  }
}
