package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import marketgate.shared.bot.UpdateDedupe;
import marketgate.shared.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polling mode, for a laptop with no public URL: removes any webhook (Telegram refuses getUpdates
 * while one is set), then long-polls {@code getUpdates} with the next offset and feeds every update
 * to {@code bot.updates} through the same {@code update_id} dedupe as the webhook. Errors back off
 * up to 30 s and polling goes on; one poll is in flight at a time.
 */
final class PollingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PollingVerticle.class);
  static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  /** A server that answers an empty long poll at once (test servers do) is asked again after this. */
  private static final long EMPTY_PAUSE_MILLIS = 300;

  private final BotContext ctx;
  private UpdateDedupe dedupe;
  private volatile boolean running = true;
  private long offset = 0;
  private long backoff = 0;

  PollingVerticle(BotContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<?> start() {
    dedupe = new UpdateDedupe(vertx);
    return ctx.client().deleteWebhook(ctx.config().dropPendingUpdates())
        .onSuccess(v -> LOG.info("Telegram bot polling getUpdates (webhook removed)"))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("deleteWebhook failed ({}); polling anyway", done.cause().getMessage());
          }
          poll();
        })
        .otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    running = false;
    return Future.succeededFuture();
  }

  private void poll() {
    if (!running) {
      return;
    }
    long started = System.nanoTime();
    ctx.counters().polls.incrementAndGet();
    ctx.client().getUpdates(offset, ctx.config().pollTimeoutSeconds(), ALLOWED_UPDATES)
        .compose(this::forward)
        .onComplete(done -> {
          long next;
          if (done.failed()) {
            ctx.counters().pollFailures.incrementAndGet();
            backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(1_000, backoff * 2));
            LOG.warn("getUpdates failed ({}); next poll in {} ms", done.cause().getMessage(), backoff);
            next = backoff;
          } else {
            backoff = 0;
            boolean quickEmpty = done.result() == 0 && (System.nanoTime() - started) / 1_000_000 < EMPTY_PAUSE_MILLIS;
            next = quickEmpty ? EMPTY_PAUSE_MILLIS : 0;
          }
          if (next == 0) {
            poll();
          } else if (running) {
            vertx.setTimer(next, id -> poll());
          }
        });
  }

  /** Sends each new update on and moves the offset past it; the number of updates seen. */
  private Future<Integer> forward(JsonArray updates) {
    Future<Void> chain = Future.succeededFuture();
    for (Object o : updates) {
      if (!(o instanceof JsonObject update)) {
        ctx.counters().rejected.incrementAndGet();
        continue;
      }
      long id = UpdateDedupe.updateId(update);
      if (id < 0) {
        ctx.counters().rejected.incrementAndGet();
        continue;
      }
      offset = Math.max(offset, id + 1);
      chain = chain.compose(v -> dedupe.first(id, ctx.nodeId()).map(first -> {
        if (first) {
          vertx.eventBus().send(Addresses.BOT_UPDATES, update);
        } else {
          ctx.counters().duplicates.incrementAndGet();
        }
        return null;
      }));
    }
    return chain.map(updates.size());
  }
}
