package marketgate.workers.monitor;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's own bounded queue: alerts go out one at a time, a failed delivery is retried
 * after 1, 2, 4 ... (capped) backoff units up to {@code maxAttempts}, then logged and counted as
 * failed. Each channel has its own queue, so a dead webhook never delays Telegram. When the queue
 * is full the oldest waiting alert is dropped (and counted): the newest state matters most.
 */
final class ChannelQueue {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelQueue.class);

  private final Vertx vertx;
  private final AlertChannel channel;
  private final int capacity;
  private final int maxAttempts;
  private final long backoffUnitMillis;
  private final long backoffMaxMillis;
  private final Deque<Alert> waiting = new ArrayDeque<>();
  private boolean sending;
  // Written on the monitor's context only; volatile so a status read elsewhere sees them.
  private volatile long delivered;
  private volatile long retries;
  private volatile long failed;
  private volatile long dropped;
  private volatile String lastError;

  ChannelQueue(Vertx vertx, AlertChannel channel, int capacity, int maxAttempts, long backoffUnitMillis,
      long backoffMaxMillis) {
    this.vertx = vertx;
    this.channel = channel;
    this.capacity = capacity;
    this.maxAttempts = maxAttempts;
    this.backoffUnitMillis = backoffUnitMillis;
    this.backoffMaxMillis = backoffMaxMillis;
  }

  String name() {
    return channel.name();
  }

  /** Queues an alert; call on the monitor's context (the queue is not thread-safe by design). */
  void offer(Alert alert) {
    if (waiting.size() >= capacity) {
      Alert lost = waiting.removeFirst();
      dropped++;
      LOG.warn("{} alert queue full ({}): dropped the oldest alert, {} {}", channel.name(), capacity,
          lost.kind().label(), lost.incident().id());
    }
    waiting.addLast(alert);
    if (!sending) {
      sendNext();
    }
  }

  private void sendNext() {
    Alert next = waiting.pollFirst();
    sending = next != null;
    if (next != null) {
      attempt(next, 1);
    }
  }

  private void attempt(Alert alert, int attempt) {
    channel.deliver(alert).onComplete(ar -> {
      if (ar.succeeded()) {
        delivered++;
        sendNext();
      } else if (attempt < maxAttempts) {
        retries++;
        lastError = ar.cause().getMessage();
        long delay = Math.min(backoffMaxMillis, backoffUnitMillis << Math.min(attempt - 1, 20));
        vertx.setTimer(Math.max(1, delay), t -> attempt(alert, attempt + 1));
      } else {
        failed++;
        lastError = ar.cause().getMessage();
        LOG.error("{} alert {} {} not delivered after {} attempts: {}", channel.name(), alert.kind().label(),
            alert.incident().id(), attempt, lastError);
        sendNext();
      }
    });
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("queued", waiting.size() + (sending ? 1 : 0))
        .put("delivered", delivered)
        .put("retries", retries)
        .put("failed", failed)
        .put("dropped", dropped)
        .put("last_error", lastError);
  }
}
