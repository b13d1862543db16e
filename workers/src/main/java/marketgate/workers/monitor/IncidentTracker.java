package marketgate.workers.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns check verdicts into incidents and alerts: an incident opens once a check has failed for
 * {@code holdSeconds} (so a flapping check does not open and close on every round), repeats at
 * most every {@code repeatMinutes} while it lasts, and closes, with one recovery alert, once the
 * check has been OK for {@code holdSeconds}. UNKNOWN verdicts change nothing. Closed incidents
 * are kept, newest first, up to {@code recentLimit}.
 */
final class IncidentTracker {
  private final Duration hold;
  private final Duration repeat;
  private final int recentLimit;
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Deque<Incident> recent = new ArrayDeque<>();

  private static final class State {
    CheckResult last;
    Instant lastAt;
    /** The verdict that differs from the confirmed state, and since when it holds. */
    Instant changingSince;
    Incident open;
  }

  IncidentTracker(Duration hold, Duration repeat, int recentLimit) {
    this.hold = hold;
    this.repeat = repeat;
    this.recentLimit = recentLimit;
  }

  /** Applies one round of verdicts taken at {@code now}; the alerts to send, in order. */
  List<Alert> update(List<CheckResult> results, Instant now) {
    List<Alert> alerts = new ArrayList<>();
    for (CheckResult r : results) {
      State s = states.computeIfAbsent(r.check(), c -> new State());
      s.last = r;
      s.lastAt = now;
      if (r.status() == CheckResult.Status.UNKNOWN) {
        continue;
      }
      boolean confirmedFailing = s.open != null;
      if (r.failing() == confirmedFailing) {
        s.changingSince = null;
        if (s.open != null) {
          s.open = s.open.withSummary(r.detail());
          if (!Duration.between(s.open.lastAlert(), now).minus(repeat).isNegative()) {
            s.open = s.open.alerted(now);
            alerts.add(new Alert(Alert.Kind.REPEAT, s.open));
          }
        }
        continue;
      }
      if (s.changingSince == null) {
        s.changingSince = now;
      }
      if (Duration.between(s.changingSince, now).compareTo(hold) < 0) {
        continue;
      }
      s.changingSince = null;
      if (r.failing()) {
        s.open = new Incident(r.check() + "@" + now.getEpochSecond(), r.check(), r.detail(), now, null, 1, now);
        alerts.add(new Alert(Alert.Kind.OPENED, s.open));
      } else {
        Incident closed = s.open.closedAt(now).alerted(now);
        s.open = null;
        recent.addFirst(closed);
        while (recent.size() > recentLimit) {
          recent.removeLast();
        }
        alerts.add(new Alert(Alert.Kind.RECOVERED, closed));
      }
    }
    return alerts;
  }

  List<Incident> open() {
    List<Incident> open = new ArrayList<>();
    states.values().stream().filter(s -> s.open != null).forEach(s -> open.add(s.open));
    open.sort((a, b) -> b.opened().compareTo(a.opened()));
    return open;
  }

  boolean healthy() {
    return states.values().stream().noneMatch(s -> s.open != null);
  }

  /** {@code {"open": [...], "recent": [...]}} newest first. */
  JsonObject incidentsJson() {
    JsonArray open = new JsonArray();
    open().forEach(i -> open.add(i.toJson()));
    JsonArray closed = new JsonArray();
    recent.forEach(i -> closed.add(i.toJson()));
    return new JsonObject().put("open", open).put("recent", closed);
  }

  /** Every check's latest verdict: {@code {id: {"status", "detail", "at", "incident"}}}. */
  JsonObject checksJson() {
    JsonObject out = new JsonObject();
    states.forEach((id, s) -> out.put(id, new JsonObject()
        .put("status", s.last.status().label())
        .put("detail", s.last.detail())
        .put("at", s.lastAt.toString())
        .put("incident", s.open == null ? null : s.open.id())));
    return out;
  }

  /** {@code {id: 0|1}}: 1 while the check has an open incident (the Prometheus gauge). */
  JsonObject gaugesJson() {
    JsonObject out = new JsonObject();
    states.forEach((id, s) -> out.put(id, s.open == null ? 0 : 1));
    return out;
  }
}
