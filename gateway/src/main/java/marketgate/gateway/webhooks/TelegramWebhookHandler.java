package marketgate.gateway.webhooks;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bot.UpdateDedupe;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/telegram}: Telegram delivers bot updates here (setWebhook). The secret
 * header is checked in constant time before the body is read; an accepted update is deduplicated on
 * its {@code update_id} (cluster-wide, see {@link UpdateDedupe}), sent to the bot worker over
 * {@link Addresses#BOT_UPDATES} and answered 200 as soon as the bot acknowledges receipt (503 with
 * Retry-After, the update forgotten by the dedupe, when no bot takes it): Telegram waits for our answer before the
 * next update of the chat, so no scan may ever run inside this request. Every outcome is counted in
 * {@code marketgate_telegram_webhook_updates_total{outcome=...}}.
 */
public final class TelegramWebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhookHandler.class);
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  /** How long the bot worker has to acknowledge an update before the webhook answers 503. */
  static final long RECEIPT_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final Secrets secrets;
  private final UpdateDedupe dedupe;
  private final String nodeId = java.util.UUID.randomUUID().toString();
  private final Map<String, AtomicLong> outcomes = Map.of(
      "accepted", new AtomicLong(), "duplicate", new AtomicLong(), "unauthorized", new AtomicLong(),
      "too_large", new AtomicLong(), "malformed", new AtomicLong(), "unavailable", new AtomicLong(),
      "undelivered", new AtomicLong());

  public TelegramWebhookHandler(Vertx vertx, Secrets secrets, MeterRegistry registry) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.dedupe = new UpdateDedupe(vertx);
    outcomes.forEach((outcome, count) -> FunctionCounter.builder("marketgate_telegram_webhook_updates", count,
            AtomicLong::doubleValue)
        .description("Telegram webhook deliveries by outcome").tag("outcome", outcome).register(registry));
  }

  /** Whether deliveries must carry the secret header (TELEGRAM_WEBHOOK_SECRET is set). */
  public boolean authenticated() {
    return secrets.has(Secrets.TELEGRAM_WEBHOOK_SECRET);
  }

  /**
   * First step of the route: a wrong or missing secret is refused before the body is read. A
   * security-policy handler, because Vert.x Web runs those (and only those) ahead of the body handler.
   */
  public SecurityPolicyHandler secretCheck() {
    return this::authorize;
  }

  private void authorize(RoutingContext ctx) {
    if (authenticated()
        && !secrets.matches(Secrets.TELEGRAM_WEBHOOK_SECRET, ctx.request().getHeader(SECRET_HEADER))) {
      count("unauthorized");
      HttpErrors.send(ctx, 401, "unauthorized", SECRET_HEADER + " is missing or does not match TELEGRAM_WEBHOOK_SECRET");
      return;
    }
    ctx.next();
  }

  /** Last step: validate, deduplicate, forward, answer. */
  public void accept(RoutingContext ctx) {
    JsonObject update;
    try {
      update = ctx.body().asJsonObject();
    } catch (RuntimeException notJson) {
      update = null;
    }
    long id = UpdateDedupe.updateId(update);
    if (id < 0) {
      count("malformed");
      HttpErrors.send(ctx, 400, "not an update", "the body must be a Telegram Update: a JSON object with an integer update_id");
      return;
    }
    JsonObject accepted = update;
    dedupe.first(id, nodeId).onComplete(first -> {
      if (first.failed()) {
        // Telegram repeats on a non-2xx answer, so a dedupe outage delays the update instead of doubling it.
        count("unavailable");
        LOG.warn("update {} not taken: dedupe map unavailable: {}", id, first.cause().toString());
        ctx.response().putHeader("Retry-After", "5");
        HttpErrors.send(ctx, 503, "try again", "the update_id dedupe map is unavailable");
        return;
      }
      if (!first.result()) {
        count("duplicate");
        ok(ctx); // a repeat is answered 200 too, so Telegram stops repeating it
        return;
      }
      // 200 only once the bot has the update: with no bot consumer (the bot node down, or its
      // registration not yet seen by this node) a fire-and-forget send would drop it while Telegram,
      // told 200, never repeats it. The bot acknowledges receipt at once, before any scan runs.
      vertx.eventBus().request(Addresses.BOT_UPDATES, accepted, new DeliveryOptions().setSendTimeout(RECEIPT_TIMEOUT_MS))
          .onSuccess(receipt -> {
            count("accepted");
            ok(ctx);
          })
          .onFailure(notDelivered -> {
            count("undelivered");
            LOG.warn("update {} not delivered to the bot, Telegram will repeat it: {}", id, notDelivered.toString());
            dedupe.forget(id, nodeId).onComplete(forgotten -> {
              ctx.response().putHeader("Retry-After", "5");
              HttpErrors.send(ctx, 503, "try again", "no bot worker took the update; Telegram repeats it later");
            });
          });
    });
  }

  private static void ok(RoutingContext ctx) {
    ctx.response().setStatusCode(200).putHeader("content-type", "application/json").end("{\"ok\":true}");
  }

  /** Route failure handler: the body limit (413) and anything else, counted and answered as JSON. */
  public void failed(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      count("too_large");
      HttpErrors.send(ctx, 413, "body too large", "a Telegram update must fit the gateway's http.maxBodyBytes");
    } else {
      count("malformed");
      HttpErrors.send(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "update not taken",
          ctx.failure() == null ? "unexpected failure" : ctx.failure().getMessage());
    }
  }

  /** Counts by outcome, for tests and status. */
  public JsonObject counters() {
    JsonObject counts = new JsonObject();
    outcomes.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  private void count(String outcome) {
    outcomes.get(outcome).incrementAndGet();
  }
}
