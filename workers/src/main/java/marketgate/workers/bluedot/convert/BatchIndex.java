package marketgate.workers.bluedot.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code pages/index.json} and {@code pages/index.html}: the newest batch of each timeframe with
 * every stock (name, last date, close, RS rating, blue dot on the last bar, rows per series) and
 * every failed file with its reason. The same JSON section is kept in the batch folder.
 */
public final class BatchIndex {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchIndex() {}

  public static ObjectNode section(BatchResult r) {
    ObjectNode s = JSON.createObjectNode();
    s.put("timeframe", r.timeframe().folder());
    s.put("label", r.label());
    s.put("generatedAt", r.generatedAt());
    s.put("good", r.good());
    if (r.latestLabel() == null) {
      s.putNull("latest");
    } else {
      s.put("latest", r.latestLabel());
    }
    s.put("files", r.totalFiles());
    s.put("converted", r.converted());
    s.put("failed", r.failures().size());
    s.put("elapsedMillis", r.elapsedMillis());
    ArrayNode stocks = s.putArray("stocks");
    for (ConvertedStock c : r.stocks()) {
      ObjectNode o = stocks.addObject();
      o.put("symbol", c.symbol());
      o.put("name", c.name());
      o.put("file", c.sourceFile());
      o.put("lastDate", c.lastDate());
      o.put("close", new java.math.BigDecimal(PlainDecimal.format(c.lastClose(), PlainDecimal.SCALE)));
      if (c.rsRating() == null) {
        o.putNull("rsRating");
      } else {
        o.put("rsRating", new java.math.BigDecimal(PlainDecimal.format(c.rsRating(), PlainDecimal.SCALE)));
      }
      o.put("blueDotOnLastBar", c.blueDotOnLastBar());
      ObjectNode rows = o.putObject("rows");
      for (Map.Entry<SeriesKind, Integer> e : c.rows().entrySet()) {
        rows.put(e.getKey().name(), e.getValue());
      }
    }
    ArrayNode failures = s.putArray("failures");
    for (FailedFile f : r.failures()) {
      failures.addObject().put("file", f.file()).put("reason", f.reason());
    }
    return s;
  }

  /** The consolidated index: the previous one with this timeframe's section replaced. */
  public static ObjectNode consolidated(byte[] previous, BatchResult r) {
    ObjectNode root = JSON.createObjectNode();
    if (previous != null) {
      try {
        JsonNode old = JSON.readTree(previous);
        if (old instanceof ObjectNode o) {
          root = o;
        }
      } catch (IOException corrupt) {
        // Rebuilt from this batch alone; the other timeframe reappears with its next batch.
      }
    }
    root.put("generatedAt", r.generatedAt());
    root.set(r.timeframe().folder(), section(r));
    return root;
  }

  public static byte[] json(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
  }

  public static byte[] html(ObjectNode index) {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>BlueDot batches</title><style>body{font-family:sans-serif;margin:1em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}")
        .append(".bad{color:#b00}.dot{color:#06c;font-weight:bold}</style></head><body>\n")
        .append("<h1>BlueDot batches</h1>\n<p>Generated ").append(esc(index.path("generatedAt").asText()))
        .append("</p>\n");
    for (Timeframe t : Timeframe.values()) {
      JsonNode s = index.path(t.folder());
      if (s.isMissingNode()) {
        continue;
      }
      h.append("<h2>").append(esc(t.folder())).append(' ').append(esc(s.path("label").asText()))
          .append(s.path("good").asBoolean() ? "" : " <span class=\"bad\">(below threshold, latest not moved)</span>")
          .append("</h2>\n<p>").append(s.path("converted").asInt()).append(" of ")
          .append(s.path("files").asInt()).append(" files converted, ").append(s.path("failed").asInt())
          .append(" failed; latest = ").append(esc(s.path("latest").asText("none"))).append("</p>\n");
      if (s.path("failures").size() > 0) {
        h.append("<h3>Failed files</h3>\n<table><tr><th>file</th><th>reason</th></tr>\n");
        for (JsonNode f : s.path("failures")) {
          h.append("<tr class=\"bad\"><td>").append(esc(f.path("file").asText())).append("</td><td>")
              .append(esc(f.path("reason").asText())).append("</td></tr>\n");
        }
        h.append("</table>\n");
      }
      h.append("<h3>Stocks</h3>\n<table><tr><th>symbol</th><th>name</th><th>last date</th><th>close</th>")
          .append("<th>RS rating</th><th>blue dot</th>");
      for (SeriesKind k : SeriesKind.values()) {
        h.append("<th>").append(k.name()).append(" rows</th>");
      }
      h.append("</tr>\n");
      for (JsonNode c : s.path("stocks")) {
        String sym = esc(c.path("symbol").asText());
        String folder = esc(t.folder()) + "/" + esc(s.path("label").asText()) + "/";
        h.append("<tr><td><a href=\"").append(folder).append(sym).append("_PRICE_DATA.csv\">").append(sym)
            .append("</a></td><td>").append(esc(c.path("name").asText())).append("</td><td>")
            .append(esc(c.path("lastDate").asText())).append("</td><td>").append(esc(c.path("close").asText()))
            .append("</td><td>").append(esc(c.path("rsRating").asText(""))).append("</td><td>")
            .append(c.path("blueDotOnLastBar").asBoolean() ? "<span class=\"dot\">&#9679;</span>" : "")
            .append("</td>");
        for (SeriesKind k : SeriesKind.values()) {
          h.append("<td>").append(c.path("rows").path(k.name()).asInt()).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</body></html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
