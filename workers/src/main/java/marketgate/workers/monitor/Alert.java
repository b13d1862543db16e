package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** A message for the channels about an incident: it opened, it still lasts, or it cleared. */
public record Alert(Kind kind, Incident incident) {
  public enum Kind {
    OPENED, REPEAT, RECOVERED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Plain text for Telegram and chat webhooks: one line saying what, since when, and why. */
  public String text() {
    Incident i = incident;
    return switch (kind) {
      case OPENED -> "\u26a0\ufe0f marketgate: " + i.check() + " failing: " + i.summary();
      case REPEAT -> "\u26a0\ufe0f marketgate: " + i.check() + " still failing since " + i.opened() + ": " + i.summary();
      case RECOVERED -> "\u2705 marketgate: " + i.check() + " recovered after "
          + Duration.between(i.opened(), i.closed()).toMinutes() + " min (" + i.summary() + ")";
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.label()).put("incident", incident.toJson()).put("text", text());
  }
}
