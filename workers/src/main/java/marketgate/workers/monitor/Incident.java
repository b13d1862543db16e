package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One incident of one check: opened once, closed once; {@code alerts} counts what was sent for it. */
public record Incident(String id, String check, String summary, Instant opened, Instant closed, int alerts,
    Instant lastAlert) {

  Incident withSummary(String newSummary) {
    return new Incident(id, check, newSummary, opened, closed, alerts, lastAlert);
  }

  Incident alerted(Instant at) {
    return new Incident(id, check, summary, opened, closed, alerts + 1, at);
  }

  Incident closedAt(Instant at) {
    return new Incident(id, check, summary, opened, at, alerts, lastAlert);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("check", check)
        .put("summary", summary)
        .put("opened", opened.toString())
        .put("closed", closed == null ? null : closed.toString())
        .put("alerts", alerts);
  }
}
