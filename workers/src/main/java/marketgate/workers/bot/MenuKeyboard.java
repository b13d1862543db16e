package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import marketgate.workers.scans.ScanCodeParser;
import marketgate.workers.scans.rules.Param;
import marketgate.workers.scans.rules.Scan;

/**
 * The inline menu: index -> scan -> arguments -> run, navigated in place with editMessageText.
 * Callback data ({@code m}, {@code i|12}, {@code s|12|9}, {@code r|X:12:9:2.5}) stays far under
 * Telegram's 64-byte limit; every callback query is answered, a stale or forged one with a hint.
 */
final class MenuKeyboard {
  static final int MAX_CALLBACK_BYTES = 64;
  private static final java.util.regex.Pattern INDEX_IN_STATUS = java.util.regex.Pattern.compile("(\\d+) \\(");
  private final io.vertx.core.Vertx vertx;
  private final BotContext ctx;
  private final ScanRunner scans;

  MenuKeyboard(io.vertx.core.Vertx vertx, BotContext ctx, ScanRunner scans) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.scans = scans;
  }

  /** A new menu message (from /start or /menu). */
  Future<Void> open(String chatId, String intro) {
    return available().compose(indexes -> ctx.reply(chatId, intro + Html.escape("Pick a universe to scan:"),
        root(indexes)));
  }

  /**
   * The indexes the scan workers hold universes for (their {@code scans.status}), so the menu never
   * offers one that can only fail; every index when no worker answers.
   */
  private Future<java.util.Set<Integer>> available() {
    return vertx.eventBus().<JsonObject>request(marketgate.shared.bus.Addresses.SCANS_STATUS, new JsonObject(),
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(1_000))
        .map(m -> {
          java.util.Set<Integer> found = new java.util.HashSet<>();
          var matcher = INDEX_IN_STATUS.matcher(String.valueOf(m.body().getValue("universes")));
          while (matcher.find()) {
            found.add(Integer.parseInt(matcher.group(1)));
          }
          return found.isEmpty() ? ScanCodeParser.INDEXES.keySet() : found;
        })
        .otherwise(ScanCodeParser.INDEXES.keySet());
  }

  Future<Void> callback(Incoming in) {
    ctx.counters().callbacks.incrementAndGet();
    String data = in.callbackData();
    String[] parts = data.split("\\|", -1);
    if (parts[0].equals("m") && parts.length == 1) {
      return available().compose(indexes -> show(in, new Screen(Html.escape("Pick a universe to scan:"), root(indexes))));
    }
    Optional<Screen> screen = switch (parts[0]) {
      case "i" -> parts.length == 2 ? index(parts[1]) : Optional.empty();
      case "s" -> parts.length == 3 ? arguments(parts[1], parts[2]) : Optional.empty();
      case "r" -> parts.length == 2 && in.chatId() != null ? Optional.of(new Screen(null, null)) : Optional.empty();
      default -> Optional.empty();
    };
    if (screen.isEmpty()) {
      ctx.counters().badCallbacks.incrementAndGet();
      return answer(in, "That button is not valid any more; send /menu for a fresh menu.");
    }
    if (parts[0].equals("r")) {
      // The menu message itself becomes the "queued" notice.
      return answer(in, "Running " + parts[1]).compose(v -> scans.scan(in, parts[1], in.messageId()));
    }
    return show(in, screen.get());
  }

  /** Answers the callback first (Telegram shows a spinner until then), then redraws the menu. */
  private Future<Void> show(Incoming in, Screen s) {
    Future<Void> answered = answer(in, null);
    Future<Void> shown = in.chatId() == null ? Future.succeededFuture()
        : in.messageId() >= 0 ? ctx.edit(in.chatId(), in.messageId(), s.html(), s.keyboard())
        : ctx.reply(in.chatId(), s.html(), s.keyboard());
    return Future.join(answered, shown).mapEmpty();
  }

  private Future<Void> answer(Incoming in, String text) {
    return ctx.client().answerCallbackQuery(in.callbackId(), text).recover(ctx::undelivered);
  }

  private record Screen(String html, JsonObject keyboard) {}

  static JsonObject root(java.util.Set<Integer> available) {
    List<JsonObject> buttons = new ArrayList<>();
    new TreeMap<>(ScanCodeParser.INDEXES).forEach((index, name) -> {
      if (index != 0 && available.contains(index)) {
        buttons.add(button(name, "i|" + index));
      }
    });
    return keyboard(buttons, 2, null);
  }

  private static Optional<Screen> index(String indexText) {
    Optional<Integer> index = indexOf(indexText);
    if (index.isEmpty()) {
      return Optional.empty();
    }
    List<JsonObject> buttons = new ArrayList<>();
    for (Scan scan : Scan.values()) {
      buttons.add(button(scan.id() + " " + scan.title(), "s|" + index.get() + "|" + scan.id()));
    }
    return Optional.of(new Screen(Html.bold(ScanCodeParser.INDEXES.get(index.get())) + Html.escape(": pick a scan"),
        keyboard(buttons, 1, button("\u00ab Universes", "m"))));
  }

  private static Optional<Screen> arguments(String indexText, String scanId) {
    Optional<Integer> index = indexOf(indexText);
    Optional<Scan> scan = Scan.byId(scanId);
    if (index.isEmpty() || scan.isEmpty()) {
      return Optional.empty();
    }
    String base = "X:" + index.get() + ":" + scan.get().id();
    Map<String, String> choices = presets(scan.get(), base);
    List<JsonObject> buttons = new ArrayList<>();
    choices.forEach((label, code) -> buttons.add(button(label, "r|" + code)));
    String params = scan.get().params().isEmpty() ? "no arguments"
        : String.join("; ", scan.get().params().stream().map(Param::describe).toList());
    return Optional.of(new Screen(Html.bold(scan.get().title()) + Html.escape(" on "
        + ScanCodeParser.INDEXES.get(index.get()) + " (" + params + "): run it"),
        keyboard(buttons, 3, button("\u00ab Scans", "i|" + index.get()))));
  }

  /** Button label -> code: defaults, and for a one-number scan a lower and a higher value. */
  static Map<String, String> presets(Scan scan, String base) {
    Map<String, String> choices = new java.util.LinkedHashMap<>();
    List<Param> params = scan.params();
    if (scan == Scan.RSI_RANGE) {
      choices.put("RSI 0-30", base + ":0:30");
      choices.put("RSI 30-70", base + ":30:70");
      choices.put("RSI 70-100", base + ":70:100");
    } else if (params.size() == 1) {
      Param p = params.get(0);
      for (double factor : new double[] {0.6, 1, 1.6}) {
        double v = Math.max(p.min(), Math.min(p.max(), p.defaultValue() * factor));
        v = p.integer() ? Math.rint(v) : Math.rint(v * 10) / 10;
        String text = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        choices.putIfAbsent(p.name() + " " + text, base + ":" + text);
      }
    } else {
      choices.put("Run", base);
    }
    return choices;
  }

  private static Optional<Integer> indexOf(String text) {
    try {
      int index = Integer.parseInt(text);
      return ScanCodeParser.INDEXES.containsKey(index) && index != 0 ? Optional.of(index) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static JsonObject button(String text, String data) {
    if (data.getBytes(StandardCharsets.UTF_8).length > MAX_CALLBACK_BYTES) {
      throw new IllegalArgumentException("callback data over 64 bytes: " + data);
    }
    return new JsonObject().put("text", text).put("callback_data", data);
  }

  private static JsonObject keyboard(List<JsonObject> buttons, int perRow, JsonObject last) {
    JsonArray rows = new JsonArray();
    JsonArray row = new JsonArray();
    for (JsonObject b : buttons) {
      if (row.size() == perRow) {
        rows.add(row);
        row = new JsonArray();
      }
      row.add(b);
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    if (last != null) {
      rows.add(new JsonArray().add(last));
    }
    return new JsonObject().put("inline_keyboard", rows);
  }
}
