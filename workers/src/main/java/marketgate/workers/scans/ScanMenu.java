package marketgate.workers.scans;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import marketgate.workers.scans.rules.Param;
import marketgate.workers.scans.rules.Scan;

/**
 * The scan menu as data (answer of {@code scans.menu}): the indexes of {@link ScanCodeParser#INDEXES}
 * and every {@link Scan} with its parameters, so the dashboard offers exactly what the parser takes.
 */
public final class ScanMenu {
  private ScanMenu() {}

  public static JsonObject toJson() {
    JsonArray indexes = new JsonArray();
    ScanCodeParser.INDEXES.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> indexes.add(new JsonObject().put("id", e.getKey()).put("name", e.getValue())));
    JsonArray scans = new JsonArray();
    for (Scan scan : Scan.values()) {
      JsonArray params = new JsonArray();
      for (Param p : scan.params()) {
        params.add(new JsonObject().put("name", p.name()).put("default", p.defaultValue()).put("min", p.min())
            .put("max", p.max()).put("integer", p.integer()));
      }
      scans.add(new JsonObject().put("id", scan.id()).put("title", scan.title()).put("params", params));
    }
    return new JsonObject().put("menu", "X").put("indexes", indexes).put("scans", scans);
  }
}
