package marketgate.workers.bot;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import marketgate.workers.scans.ScanCodeException;
import marketgate.workers.scans.ScanRequest;

/**
 * {@code /watch <code>}, {@code /watches}, {@code /unwatch <n>}. A new watch runs its scan once
 * at once, so its first alert holds only what qualifies after the user subscribed.
 */
final class WatchCommands {
  private final BotContext ctx;
  private final ScanRunner scans;

  WatchCommands(BotContext ctx, ScanRunner scans) {
    this.ctx = ctx;
    this.scans = scans;
  }

  Future<Void> watch(Incoming in, String code) {
    if (code.isBlank()) {
      return ctx.reply(in.chatId(), Html.escape("Tell me what to watch, e.g. /watch X:12:9:2.5"));
    }
    ScanRequest request;
    try {
      request = scans.check(code);
    } catch (ScanCodeException e) {
      return ctx.reply(in.chatId(), "\u26a0\ufe0f " + Html.escape(e.getMessage()));
    }
    String refusal = scans.refusal(in);
    if (refusal != null) {
      return ctx.reply(in.chatId(), refusal);
    }
    return scans.run(request.code())
        .map(ScanReplies::rows)
        .map(rows -> rows.stream().map(r -> r.symbol()).toList())
        .otherwise(e -> List.of())
        .compose(now -> {
          Watch watch = new Watch(UUID.randomUUID().toString(), in.chatId(), request.code(), now,
              ctx.clock().instant().toString());
          var refused = ctx.watches().add(watch);
          if (refused.isPresent()) {
            return ctx.reply(in.chatId(), Html.escape(refused.get()));
          }
          return ctx.watches().save().compose(v -> ctx.reply(in.chatId(), "\ud83d\udd14 Watching "
              + Html.code(request.code()) + " (" + Html.escape(request.scan().title()) + "): "
              + Html.escape(now.size() + " qualify now. After each snapshot in market hours you get the stocks"
              + " that newly qualify. /watches lists, /unwatch <n> stops.")));
        });
  }

  Future<Void> list(Incoming in) {
    List<Watch> watches = ctx.watches().list(in.chatId());
    if (watches.isEmpty()) {
      return ctx.reply(in.chatId(), Html.escape("No watches here. Start one with /watch X:12:9:2.5"));
    }
    StringBuilder text = new StringBuilder(Html.bold("Watches of this chat")).append('\n');
    for (int i = 0; i < watches.size(); i++) {
      Watch w = watches.get(i);
      text.append(i + 1).append(". ").append(Html.code(w.code()))
          .append(Html.escape(" (" + w.symbols().size() + " qualifying at the last run)")).append('\n');
    }
    text.append(Html.escape("Remove one with /unwatch <n>."));
    return ctx.reply(in.chatId(), text.toString());
  }

  Future<Void> unwatch(Incoming in, String arg) {
    int n;
    try {
      n = Integer.parseInt(arg.strip());
    } catch (NumberFormatException e) {
      return ctx.reply(in.chatId(), Html.escape("Say which watch to remove by its number in /watches, e.g. /unwatch 1"));
    }
    var removed = ctx.watches().remove(in.chatId(), n);
    if (removed.isEmpty()) {
      return ctx.reply(in.chatId(), Html.escape("There is no watch number " + n + " here; see /watches."));
    }
    return ctx.watches().save().compose(v -> ctx.reply(in.chatId(),
        "\ud83d\udd15 Stopped watching " + Html.code(removed.get().code()) + "."));
  }
}
