package marketgate.workers.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-18T05:30:00Z");
  private static final String CHECK = "snapshots.target_failing";

  private static List<Alert.Kind> run(IncidentTracker tracker, boolean[] failingPerMinute) {
    List<Alert.Kind> kinds = new ArrayList<>();
    for (int minute = 0; minute < failingPerMinute.length; minute++) {
      CheckResult r = CheckResult.when(failingPerMinute[minute], CHECK, "minute " + minute);
      tracker.update(List.of(r), T0.plusSeconds(minute * 60L)).forEach(a -> kinds.add(a.kind()));
    }
    return kinds;
  }

  private static boolean[] failingBetween(int minutes, int from, int to) {
    boolean[] out = new boolean[minutes];
    for (int i = from; i < to; i++) {
      out[i] = true;
    }
    return out;
  }

  @Test
  void oneIncidentOpensOnceRepeatsEveryRepeatIntervalAndRecoversOnce() {
    IncidentTracker tracker = new IncidentTracker(Duration.ofMinutes(2), Duration.ofMinutes(60), 10);
    // Failing from minute 5 to minute 155: opens at 7 (held 2 min), repeats at 67 and 127, recovers at 157.
    List<Alert.Kind> kinds = run(tracker, failingBetween(200, 5, 155));
    assertEquals(List.of(Alert.Kind.OPENED, Alert.Kind.REPEAT, Alert.Kind.REPEAT, Alert.Kind.RECOVERED), kinds);
    assertTrue(tracker.healthy());
    var recent = tracker.incidentsJson().getJsonArray("recent");
    assertEquals(1, recent.size());
    assertEquals(T0.plusSeconds(7 * 60).toString(), recent.getJsonObject(0).getString("opened"));
    assertEquals(T0.plusSeconds(157 * 60).toString(), recent.getJsonObject(0).getString("closed"));
    assertEquals(4, recent.getJsonObject(0).getInteger("alerts"));
  }

  @Test
  void aCheckFlappingFasterThanTheHoldTimeOpensNothing() {
    IncidentTracker tracker = new IncidentTracker(Duration.ofMinutes(2), Duration.ofMinutes(60), 10);
    boolean[] flapping = new boolean[120];
    for (int i = 0; i < flapping.length; i++) {
      flapping[i] = i % 2 == 0;
    }
    assertEquals(List.of(), run(tracker, flapping));
    assertTrue(tracker.healthy());
  }

  @Test
  void unknownVerdictsNeitherOpenNorCloseAnIncident() {
    IncidentTracker tracker = new IncidentTracker(Duration.ZERO, Duration.ofMinutes(60), 10);
    assertEquals(1, tracker.update(List.of(CheckResult.failing(CHECK, "down")), T0).size());
    for (int minute = 1; minute < 30; minute++) {
      assertEquals(List.of(), tracker.update(List.of(CheckResult.unknown(CHECK, "no answer")), T0.plusSeconds(minute * 60L)));
    }
    assertEquals(1, tracker.open().size());
    assertEquals("unknown", tracker.checksJson().getJsonObject(CHECK).getString("status"), "the latest verdict");
    assertEquals(tracker.open().get(0).id(), tracker.checksJson().getJsonObject(CHECK).getString("incident"));
    assertEquals(1, tracker.gaugesJson().getInteger(CHECK));
    List<Alert> recovered = tracker.update(List.of(CheckResult.ok(CHECK, "fine")), T0.plusSeconds(1800));
    assertEquals(Alert.Kind.RECOVERED, recovered.get(0).kind());
    assertEquals(0, tracker.gaugesJson().getInteger(CHECK));
    assertNull(tracker.checksJson().getJsonObject(CHECK).getString("incident"));
  }

  @Test
  void recentIncidentsAreBounded() {
    IncidentTracker tracker = new IncidentTracker(Duration.ZERO, Duration.ofMinutes(60), 3);
    for (int i = 0; i < 10; i++) {
      tracker.update(List.of(CheckResult.failing(CHECK, "down")), T0.plusSeconds(i * 120L));
      tracker.update(List.of(CheckResult.ok(CHECK, "up")), T0.plusSeconds(i * 120L + 60));
    }
    assertEquals(3, tracker.incidentsJson().getJsonArray("recent").size());
  }
}
