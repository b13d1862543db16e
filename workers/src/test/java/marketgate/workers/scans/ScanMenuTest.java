package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import marketgate.workers.scans.rules.Scan;
import org.junit.jupiter.api.Test;

class ScanMenuTest {
  @Test
  void everyScanOfTheMenuWithItsDefaultsIsACodeTheParserAccepts() {
    JsonObject menu = ScanMenu.toJson();
    assertEquals(Scan.values().length, menu.getJsonArray("scans").size());
    assertEquals(ScanCodeParser.INDEXES.size(), menu.getJsonArray("indexes").size());
    ScanCodeParser parser = new ScanCodeParser();
    for (Object s : menu.getJsonArray("scans")) {
      JsonObject scan = (JsonObject) s;
      StringBuilder code = new StringBuilder("X:12:").append(scan.getString("id"));
      for (Object p : scan.getJsonArray("params")) {
        JsonObject param = (JsonObject) p;
        double value = param.getDouble("default");
        code.append(':').append(param.getBoolean("integer") ? String.valueOf((long) value) : String.valueOf(value));
      }
      assertDoesNotThrow(() -> parser.parse(code.toString()), code.toString());
    }
  }
}
