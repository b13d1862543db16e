package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BotScanRepliesTest {
  private static final Instant AT_1425_IST = Instant.parse("2026-11-20T08:55:00Z");

  private static JsonObject reply(boolean live, int rows) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < rows; i++) {
      array.add(new JsonObject().put("symbol", "S<" + i + ">").put("ltp", 100.5 + i).put("change_pct", 1.25)
          .put("volume_ratio", 3.1).put("rsi14", 55.4).put("high_52w", 120).put("low_52w", 80).put("level", 99.5));
    }
    return new JsonObject().put("code", "X:12:2:2.5").put("scan", "Today's <breakouts> & more").put("live", live)
        .put("data_date", "2024-01-15").put("rows", array);
  }

  @Test
  void theDataLabelSaysEodWithTheDateOrLiveWithTheIstTime() {
    assertEquals("EOD 2024-01-15", ScanReplies.dataLabel(reply(false, 0), AT_1425_IST));
    assertEquals("live, 14:25 IST", ScanReplies.dataLabel(reply(true, 0), AT_1425_IST));
  }

  @Test
  void everyUserVisibleStringIsEscapedAndTheKeyFigureGetsAColumn() {
    List<String> messages = ScanReplies.messages(reply(false, 2), 30, AT_1425_IST);
    assertEquals(1, messages.size());
    String text = messages.get(0);
    assertTrue(text.startsWith("<b>Today's &lt;breakouts&gt; &amp; more</b> <code>X:12:2:2.5</code>\n2 stocks"), text);
    assertTrue(text.contains("\nS&lt;0&gt; "), text);
    assertTrue(text.contains("LEVEL"), "breakouts show their level: " + text);
    assertTrue(text.contains("99.5"), text);
  }

  @Test
  void anEmptyResultSaysSoInsteadOfAnEmptyTable() {
    String text = ScanReplies.messages(reply(true, 0), 30, AT_1425_IST).get(0);
    assertTrue(text.endsWith("0 stocks \u00b7 live, 14:25 IST\nNothing qualifies right now."), text);
  }

  @Test
  void aLongTableIsSplitOnRowBoundariesEachPartUnderTheLimit() {
    List<String> messages = ScanReplies.messages(reply(false, 300), 300, AT_1425_IST);
    assertTrue(messages.size() >= 3, "parts: " + messages.size());
    int rows = 0;
    for (String m : messages) {
      assertTrue(m.length() <= 4096);
      assertTrue(m.contains("<pre>SYMBOL") && m.endsWith("</pre>"));
      rows += (int) m.lines().filter(l -> l.startsWith("S&lt;")).count();
    }
    assertEquals(300, rows);
  }
}
