package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.time.MarketClock;
import marketgate.workers.scans.ScanRow;
import marketgate.workers.scans.ScanRowFormat;

/**
 * Turns a {@code scans.run} reply into Telegram messages: a header saying what ran on which data,
 * the rows as a monospace table split on row boundaries under Telegram's 4096 characters, and past
 * {@code maxInlineRows} the whole result as a CSV document. Public and stateless so the CLI's
 * {@code job scan --telegram-chat} posts exactly what the bot posts.
 */
public final class ScanReplies {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final String ROW_FORMAT = "%-12s %9s %6s %5s %4s %9s";

  private ScanReplies() {}

  /** Posts the reply to a chat: the table messages in order, then the CSV when the result is long. */
  public static Future<Void> send(TelegramClient client, String chatId, JsonObject reply, int maxInlineRows,
      Instant now) {
    List<String> messages = messages(reply, maxInlineRows, now);
    Future<?> chain = Future.succeededFuture();
    for (String html : messages) {
      chain = chain.compose(v -> client.sendHtml(chatId, html, null));
    }
    List<ScanRow> rows = rows(reply);
    if (rows.size() > maxInlineRows) {
      chain = chain.compose(v -> client.sendDocument(chatId, csvFileName(reply),
          Buffer.buffer(ScanRowFormat.toCsv(rows)),
          Html.escape(reply.getString("code", "scan") + ": all " + rows.size() + " rows")));
    }
    return chain.mapEmpty();
  }

  /** The HTML messages for a reply, each under {@link TelegramClient#MAX_TEXT} characters. */
  public static List<String> messages(JsonObject reply, int maxInlineRows, Instant now) {
    List<ScanRow> rows = rows(reply);
    int shown = Math.min(rows.size(), maxInlineRows);
    StringBuilder header = new StringBuilder()
        .append(Html.bold(reply.getString("scan", "Scan"))).append(' ')
        .append(Html.code(reply.getString("code", ""))).append('\n')
        .append(Html.escape(rows.size() + (rows.size() == 1 ? " stock" : " stocks") + " \u00b7 "
            + dataLabel(reply, now)));
    if (rows.size() > shown) {
      header.append('\n').append(Html.escape("first " + shown + " shown; all " + rows.size() + " in the CSV below"));
    }
    List<String> messages = new ArrayList<>();
    if (rows.isEmpty()) {
      messages.add(header.append('\n').append(Html.escape("Nothing qualifies right now.")).toString());
      return messages;
    }
    String key = KeyFigure.column(reply.getString("code", ""));
    StringBuilder current = new StringBuilder(header).append("\n<pre>").append(Html.escape(tableHeader(key)));
    for (int i = 0; i < shown; i++) {
      String line = "\n" + Html.escape(tableRow(rows.get(i), key));
      // Measured on the HTML itself: Telegram counts the text after parsing, which is never longer.
      if (current.length() + line.length() + "</pre>".length() > TelegramClient.MAX_TEXT) {
        messages.add(current.append("</pre>").toString());
        current = new StringBuilder("<pre>").append(Html.escape(tableHeader(key)));
      }
      current.append(line);
    }
    messages.add(current.append("</pre>").toString());
    return messages;
  }

  /** "EOD 2024-01-15" for history alone, "live, 14:25 IST" when today's ticks were merged in. */
  public static String dataLabel(JsonObject reply, Instant now) {
    if (reply.getBoolean("live", false)) {
      return "live, " + HH_MM.format(MarketClock.ist(now)) + " IST";
    }
    String date = reply.getString("data_date");
    return date == null ? "no data yet" : "EOD " + date;
  }

  public static List<ScanRow> rows(JsonObject reply) {
    JsonArray array = reply.getJsonArray("rows", new JsonArray());
    List<ScanRow> rows = new ArrayList<>(array.size());
    for (Object o : array) {
      if (o instanceof JsonObject row && row.getString("symbol") != null) {
        rows.add(ScanRowFormat.fromJson(row));
      }
    }
    return rows;
  }

  public static String csvFileName(JsonObject reply) {
    String code = reply.getString("code", "scan").replaceAll("[^A-Za-z0-9._-]", "_");
    return "scan_" + code + ".csv";
  }

  static String tableHeader(String key) {
    return String.format(ROW_FORMAT, "SYMBOL", "LTP", "CHG%", "VOLx", "RSI", KeyFigure.label(key)).stripTrailing();
  }

  static String tableRow(ScanRow row, String key) {
    return String.format(ROW_FORMAT, row.symbol(), num(row.ltp()), num(row.changePct()), num(row.volumeRatio()),
        whole(row.rsi14()), KeyFigure.inTable(key) ? num(KeyFigure.value(row, key)) : "").stripTrailing();
  }

  static String num(double v) {
    return Double.isFinite(v)
        ? BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        : "-";
  }

  private static String whole(double v) {
    return Double.isFinite(v) ? Long.toString(Math.round(v)) : "-";
  }
}
