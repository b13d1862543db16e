package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.BotConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.github.WorkflowDispatchClient;
import marketgate.shared.store.DataStore;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.telegram.TelegramLimits;
import marketgate.shared.telegram.WebhookRegistration;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram bot of a node: builds the one client and the shared parts, deploys the update
 * dispatcher, the watch evaluator and (in polling mode) the poller, registers the webhook in
 * webhook mode, and answers {@code bot.status}. Without {@code TELEGRAM_BOT_TOKEN} it says once that
 * the bot is off, deploys nothing else and reports "off".
 */
public final class BotVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BotVerticle.class);

  private final MarketgateConfig config;
  private final DataStore store;
  private final MarketClock marketClock;
  private final Clock clock;
  private final BotCounters counters = new BotCounters();
  private final List<String> children = new ArrayList<>();
  private TelegramClient client;
  private WebClient web;
  private BotContext ctx;
  private WatchVerticle watchVerticle;
  private volatile boolean webhookRegistered;
  private volatile String webhookError;
  private long retryTimer = -1;
  private static final long WEBHOOK_RETRY_MILLIS = 30_000;

  public BotVerticle(MarketgateConfig config, DataStore store, MarketClock marketClock) {
    this(config, store, marketClock, Clock.systemUTC());
  }

  /** @param clock decides market hours for watches and labels "live" results (tests drive it) */
  public BotVerticle(MarketgateConfig config, DataStore store, MarketClock marketClock, Clock clock) {
    this.config = config;
    this.store = store;
    this.marketClock = marketClock;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    BotConfig bot = config.bot();
    // Off, the bot still answers bot.status, with a failure naming why, so /status says "not running: ...".
    MessageConsumer<JsonObject> status = vertx.eventBus().consumer(Addresses.BOT_STATUS, m -> {
      if (client == null) {
        m.fail(503, "the Telegram bot is off: TELEGRAM_BOT_TOKEN is not set");
      } else {
        m.reply(status());
      }
    });
    var token = config.secrets().get(Secrets.TELEGRAM_BOT_TOKEN);
    if (token.isEmpty()) {
      LOG.info("Telegram bot is off: TELEGRAM_BOT_TOKEN is not set");
      return status.completion();
    }
    client = new TelegramClient(vertx, bot.apiUrl(), token.get(), TelegramLimits.of(bot.limits()));
    web = WebClient.create(vertx);
    WorkflowDispatchClient workflows = new WorkflowDispatchClient(web, bot.workflow().githubApiUrl(),
        config.secrets().get(Secrets.GITHUB_TOKEN).orElse(null));
    return WatchBook.load(vertx, store, bot.maxWatchesPerChat()).compose(book -> {
      ctx = new BotContext(bot, config.scans().timeoutMillis(), client, counters, clock, marketClock, book,
          UUID.randomUUID().toString(), new AtomicReference<>());
      // Not awaited: start-up never waits for Telegram; until it answers, every /cmd@name counts as ours.
      client.getMe().onSuccess(me -> ctx.username().set(me.getString("username")))
          .onFailure(e -> LOG.warn("getMe failed ({}); commands addressed to other bots are not told apart", e.getMessage()));
      ScanRunner scans = new ScanRunner(vertx, ctx, workflows);
      watchVerticle = new WatchVerticle(ctx, scans);
      return deploy(new UpdateDispatcher(ctx, scans))
          .compose(v -> deploy(watchVerticle))
          .compose(v -> bot.effectiveMode().equals("webhook") ? registerWebhook(bot) : deploy(new PollingVerticle(ctx)))
          .compose(v -> status.completion())
          .onSuccess(v -> LOG.info("Telegram bot started in {} mode ({} watches)", bot.effectiveMode(), book.size()));
    });
  }

  /**
   * Registration failures are reported in status, logged and retried every 30 s; never fatal: the
   * node still serves everything else.
   */
  private Future<Void> registerWebhook(BotConfig bot) {
    WebhookRegistration registration = new WebhookRegistration(bot.webhookUrl(),
        config.secrets().get(Secrets.TELEGRAM_WEBHOOK_SECRET).orElse(null), PollingVerticle.ALLOWED_UPDATES,
        bot.maxConnections(), bot.dropPendingUpdates());
    return client.setWebhook(registration)
        .onSuccess(v -> {
          webhookRegistered = true;
          webhookError = null;
        })
        .recover(e -> {
          webhookError = e.getMessage();
          LOG.error("setWebhook failed: {}; Telegram will not deliver updates until it succeeds (next try in {} s)",
              e.getMessage(), WEBHOOK_RETRY_MILLIS / 1000);
          retryTimer = vertx.setTimer(WEBHOOK_RETRY_MILLIS, id -> registerWebhook(bot));
          return Future.succeededFuture();
        });
  }

  private Future<Void> deploy(VerticleBase verticle) {
    return vertx.deployVerticle(verticle).onSuccess(children::add).mapEmpty();
  }

  @Override
  public Future<?> stop() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    // Children are undeployed with their parent; the client drains its queue and closes.
    Future<Void> closed = client == null ? Future.succeededFuture() : client.close();
    return closed.onComplete(v -> {
      if (web != null) {
        web.close();
      }
    });
  }

  /** The watch evaluator (tests run it directly with a run key). */
  WatchVerticle watches() {
    return watchVerticle;
  }

  JsonObject status() {
    BotConfig bot = config.bot();
    JsonObject stats = client.stats();
    JsonObject status = new JsonObject()
        .put("state", "running")
        .put("mode", bot.effectiveMode())
        .put("scan_mode", bot.scanMode())
        .put("webhook_registered", webhookRegistered)
        .put("queue_depth", stats.getValue("queue_depth"))
        .put("sent", stats.getValue("sent"))
        .put("failed", stats.getValue("failed"))
        .put("client", stats)
        .put("watches", ctx == null ? 0 : ctx.watches().size())
        .mergeIn(counters.toJson());
    if (webhookError != null) {
      status.put("webhook_error", webhookError);
    }
    return status;
  }
}
