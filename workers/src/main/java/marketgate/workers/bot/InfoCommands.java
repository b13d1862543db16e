package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import marketgate.workers.scans.ScanCodeParser;
import marketgate.workers.scans.rules.Scan;

/** {@code /start}, {@code /menu}, {@code /help}, {@code /status}: the answers that run no scan. */
final class InfoCommands {
  private final BotContext ctx;
  private final MenuKeyboard menu;
  private final StatusReport status;

  InfoCommands(Vertx vertx, BotContext ctx, MenuKeyboard menu) {
    this.ctx = ctx;
    this.menu = menu;
    this.status = new StatusReport(vertx);
  }

  Future<Void> start(Incoming in) {
    return menu.open(in.chatId(), Html.bold("Welcome to marketgate") + "\n"
        + Html.escape("NSE stock scans in seconds, from live data. Send /help for all commands.") + "\n");
  }

  Future<Void> menu(Incoming in) {
    return menu.open(in.chatId(), "");
  }

  Future<Void> help(Incoming in) {
    String text = Html.bold("Commands") + "\n"
        + Html.code("/scan X:12:9:2.5") + Html.escape(" run a scan: menu X, index 12 (all stocks), scan 9 (volume"
        + " gainers), ratio 2.5") + "\n"
        + Html.code("/X_12_9_2.5") + Html.escape(" the same, PKScreener style") + "\n"
        + Html.code("/X_0 SBIN,TCS") + Html.escape(" scan 0 (gates only) on your own symbols") + "\n"
        + Html.code("/menu") + Html.escape(" pick a scan with buttons") + "\n"
        + Html.code("/watch X:12:9:2.5") + Html.escape(" get the stocks that newly qualify after each snapshot") + "\n"
        + Html.code("/watches") + Html.escape(" list this chat's watches; ") + Html.code("/unwatch 1")
        + Html.escape(" removes one") + "\n"
        + Html.code("/status") + Html.escape(" data and pipeline health") + "\n\n"
        + Html.bold("Indexes") + " " + Html.escape(ScanCodeParser.indexCatalogue()) + "\n"
        + Html.bold("Scans") + " " + Html.escape(Scan.catalogue()) + "\n"
        + Html.escape("Results longer than " + ctx.config().maxInlineRows() + " rows also arrive as a CSV file.");
    return ctx.reply(in.chatId(), text);
  }

  Future<Void> status(Incoming in) {
    return status.render().compose(text -> ctx.reply(in.chatId(), text));
  }
}
