package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Telegram updates from {@code bot.updates} (webhook or polling, already deduplicated) and
 * hands each to the command or callback that answers it. Whatever an update holds, the worst it
 * can do is a counted rejection and a log line: no exception leaves this verticle.
 */
final class UpdateDispatcher extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateDispatcher.class);

  private final BotContext ctx;
  private final ScanRunner scans;
  private WatchCommands watches;
  private MenuKeyboard menu;
  private InfoCommands info;

  UpdateDispatcher(BotContext ctx, ScanRunner scans) {
    this.ctx = ctx;
    this.scans = scans;
  }

  @Override
  public Future<?> start() {
    watches = new WatchCommands(ctx, scans);
    menu = new MenuKeyboard(vertx, ctx, scans);
    info = new InfoCommands(vertx, ctx, menu);
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(marketgate.shared.bus.Addresses.BOT_UPDATES, this::take);
    return consumer.completion();
  }

  private void take(Message<Object> message) {
    ctx.counters().received.incrementAndGet();
    if (message.replyAddress() != null) {
      // The webhook waits for this receipt (not for the answer) before it tells Telegram 200.
      message.reply(null);
    }
    try {
      if (!(message.body() instanceof JsonObject update)) {
        reject("not a JSON object");
        return;
      }
      Optional<Incoming> in = Incoming.from(update);
      if (in.isEmpty()) {
        // Edits, stickers, joins: valid updates the bot has nothing to say to.
        ctx.counters().ignored.incrementAndGet();
        return;
      }
      handle(in.get()).onFailure(e -> reject(e.toString()));
    } catch (RuntimeException e) {
      reject(e.toString());
    }
  }

  private Future<Void> handle(Incoming in) {
    if (in.isCallback()) {
      return menu.callback(in);
    }
    Optional<CommandText> parsed = CommandText.parse(in.text());
    if (parsed.isEmpty()) {
      ctx.counters().ignored.incrementAndGet();
      // In a group every message reaches a bot with privacy off; only a private chat gets a hint.
      return in.isGroup() ? Future.succeededFuture()
          : ctx.reply(in.chatId(), Html.escape("Send a command, e.g. /scan X:12:9:2.5, or /help."));
    }
    CommandText command = parsed.get();
    if (!ctx.addressedToUs(command.target())) {
      ctx.counters().ignored.incrementAndGet();
      return Future.succeededFuture();
    }
    ctx.counters().commands.incrementAndGet();
    if (command.isCode()) {
      return scans.scan(in, command.code(), -1);
    }
    return switch (command.command()) {
      case "/start" -> info.start(in);
      case "/menu" -> info.menu(in);
      case "/help" -> info.help(in);
      case "/status" -> info.status(in);
      case "/scan" -> command.args().isBlank() ? info.menu(in) : scans.scan(in, CommandText.codeOf(command.args()), -1);
      case "/watch" -> watches.watch(in, CommandText.codeOf(command.args()));
      case "/watches" -> watches.list(in);
      case "/unwatch" -> watches.unwatch(in, command.args());
      default -> {
        ctx.counters().unknownCommands.incrementAndGet();
        yield ctx.reply(in.chatId(), Html.escape("I do not know " + command.command() + ". Send /help for the commands."));
      }
    };
  }

  private void reject(String reason) {
    ctx.counters().rejected.incrementAndGet();
    LOG.warn("Telegram update rejected: {}", reason);
  }
}
