package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import marketgate.shared.bus.Addresses;
import marketgate.shared.time.MarketClock;

/**
 * {@code /status}: what the data collector's status message said (instruments, ticks processed,
 * last tick, last publish, freshness, data source), asked of the running workers over the bus; a
 * worker that does not answer in time is shown as "not running", never an error.
 */
final class StatusReport {
  private static final long ASK_MILLIS = 1_500;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Vertx vertx;

  StatusReport(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<String> render() {
    Future<JsonObject> ticks = ask(Addresses.TICKS_STATS);
    Future<JsonObject> publish = ask(Addresses.PUBLISH_STATUS);
    Future<JsonObject> scans = ask(Addresses.SCANS_STATUS);
    Future<JsonObject> monitor = ask(Addresses.MONITOR_STATUS);
    return Future.join(ticks, publish, scans, monitor).otherwiseEmpty().map(v -> {
      StringBuilder out = new StringBuilder(Html.bold("marketgate status")).append('\n');
      JsonObject t = ticks.result();
      if (t == null) {
        line(out, "Ticks", "not running");
      } else {
        line(out, "Instruments", t.getValue("instruments") + " (" + t.getValue("instruments_with_ticks") + " with ticks)");
        line(out, "Ticks processed", String.valueOf(t.getValue("ticks_processed")));
        line(out, "Last tick", ist(t.getString("last_tick_time")));
      }
      JsonObject p = publish.result();
      if (p == null) {
        line(out, "Publishing", "not running");
      } else {
        line(out, "Last publish", ist(p.getString("last_successful_publish")) + " (" + p.getValue("status") + ")");
        Object freshness = p.getValue("data_freshness_seconds");
        line(out, "Data freshness", freshness == null ? "unknown" : freshness + " s");
        line(out, "Data source", String.valueOf(p.getValue("data_source", "unknown")));
      }
      JsonObject s = scans.result();
      line(out, "Scans", s == null ? "not running"
          : s.getValue("runs") + " run, data " + s.getValue("data_date", "not loaded yet"));
      line(out, "Incidents", incidents(monitor.result()));
      return out.toString().stripTrailing();
    });
  }

  private Future<JsonObject> ask(String address) {
    return vertx.eventBus().<Object>request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(ASK_MILLIS))
        .map(m -> m.body() instanceof JsonObject o ? o : null)
        .otherwise((JsonObject) null);
  }

  /** The monitor's open incidents when one answers ({@code monitor.status}: {"incidents": {"open": [...]}}). */
  static String incidents(JsonObject monitor) {
    if (monitor == null) {
      return "no monitor running";
    }
    JsonObject incidents = monitor.getValue("incidents") instanceof JsonObject o ? o : new JsonObject();
    JsonArray open = incidents.getJsonArray("open");
    if (open == null) {
      return "none reported";
    }
    if (open.isEmpty()) {
      return "none open";
    }
    StringBuilder text = new StringBuilder(open.size() + " open");
    for (Object item : open) {
      String title = item instanceof JsonObject o ? o.getString("summary", o.getString("check", o.encode())) : String.valueOf(item);
      text.append("; ").append(title);
    }
    return text.toString();
  }

  private static String ist(String iso) {
    if (iso == null) {
      return "never";
    }
    try {
      return TIME.format(MarketClock.ist(Instant.parse(iso))) + " IST";
    } catch (RuntimeException e) {
      return iso;
    }
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(Html.escape(label)).append(": ").append(Html.code(value)).append('\n');
  }
}
