package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The bot's /status lists the monitor's open incidents from the monitor's own status shape. */
class BotStatusIncidentsTest {
  private static JsonObject monitorStatus(JsonArray open) {
    return new JsonObject().put("healthy", open.isEmpty())
        .put("incidents", new JsonObject().put("open", open).put("recent", new JsonArray()));
  }

  @Test
  void openIncidentsAreListedByTheirSummary() {
    JsonArray open = new JsonArray()
        .add(new JsonObject().put("id", "a").put("check", "snapshots.stale").put("summary", "data 22 min old"))
        .add(new JsonObject().put("id", "b").put("check", "ticks.no_tick").put("summary", "no tick for 5 min"));
    assertEquals("2 open; data 22 min old; no tick for 5 min", StatusReport.incidents(monitorStatus(open)));
  }

  @Test
  void noneOpenAndNoMonitorAreSaidPlainly() {
    assertEquals("none open", StatusReport.incidents(monitorStatus(new JsonArray())));
    assertEquals("no monitor running", StatusReport.incidents(null));
    assertEquals("none reported", StatusReport.incidents(new JsonObject()));
  }
}
