package marketgate.shared.telegram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one outgoing queue of a bot: every chat-bound call waits here until Telegram's limits allow
 * it. All state lives on one Vert.x context and is driven by one timer at a time (the next moment
 * something may be sent), so there is no thread per chat and no busy loop.
 *
 * <p>Each chat is a lane: a rate with a burst, a sliding one-minute log for groups, a pause after
 * a 429 or a failed try, and at most one call in flight so a chat's messages arrive in order. Lanes
 * are served round-robin, so one chat's backlog cannot starve the others. A sliding one-second log
 * caps the total.
 *
 * <p>Telegram counts a message when it arrives, somewhere between our dispatch and its answer, and
 * a connection set-up or a slow network can bunch dispatches together on arrival. So every limit is
 * kept over that whole interval: a call in flight counts as sent now, and a finished one as sent
 * when its answer came. Then no window at Telegram's end holds more than the limit, whatever the
 * network does (the proof for the rate: message j may leave only once
 * {@code answer(i) + (j - i + 1 - burst) / rate} has passed for every earlier i).
 */
final class OutgoingQueue {
  private static final Logger LOG = LoggerFactory.getLogger(OutgoingQueue.class);
  /** Calls in flight at once; the HTTP pool is sized for it so a dispatched call leaves at once. */
  static final int MAX_IN_FLIGHT = 16;
  private static final long FIRST_BACKOFF_MILLIS = 500;
  static final long NEVER = Long.MAX_VALUE;

  /** One HTTP try of a call; fails with a {@link TelegramException}. */
  interface Attempt extends Supplier<Future<Object>> {}

  private final Vertx vertx;
  private final Context context;
  private final TelegramLimits limits;
  private final long globalWindow = 1_000_000_000L;
  private final Map<String, ChatLane> lanes = new HashMap<>();
  private final ArrayDeque<ChatLane> ready = new ArrayDeque<>();
  /** When the answers of the calls of the last second came; calls in flight count on top. */
  private final ArrayDeque<Long> globalAnswers = new ArrayDeque<>();
  private final WarnThrottle warn = new WarnThrottle(LOG);
  private int inFlight;
  private boolean pumpQueued;
  private long timerId = -1;
  private long timerDue = NEVER;
  private long lastSweep;
  private boolean closed;

  final AtomicLong sent = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong rateLimited = new AtomicLong();
  private volatile int depth;
  private volatile int pausedLanes;

  OutgoingQueue(Vertx vertx, Context context, TelegramLimits limits) {
    this.vertx = vertx;
    this.context = context;
    this.limits = limits;
  }

  int depth() {
    return depth;
  }

  int pausedLanes() {
    return pausedLanes;
  }

  /**
   * Queues one call for a chat ({@code chatLimited}) or for a lane of its own (callback answers).
   * The future completes on the caller's context.
   */
  Future<Object> submit(String method, String chat, boolean chatLimited, Attempt attempt) {
    QueuedCall job = new QueuedCall(method, chat, attempt, Promise.promise(), Vertx.currentContext());
    onContext(() -> accept(job, chatLimited));
    return job.promise.future();
  }

  /** A call the client refused before queueing it (e.g. a text too long): counted and logged as failed. */
  void refused(String method, String chat, String reason) {
    failed.incrementAndGet();
    warn.warn("Telegram {} to chat {} refused: {}", method, chat, reason);
  }

  private void accept(QueuedCall job, boolean chatLimited) {
    if (closed || depth >= limits.queueCapacity()) {
      dropped.incrementAndGet();
      String why = closed ? "the client is closed" : "the queue is full (" + limits.queueCapacity() + " calls)";
      warn.warn("Telegram {} to chat {} dropped: {}", job.method, job.chat, why);
      job.finish(null, new TelegramException(TelegramException.DROPPED,
          "Telegram " + job.method + " to chat " + job.chat + " dropped: " + why));
      return;
    }
    depth++;
    String key = chatLimited ? job.chat : "callback:" + job.chat;
    ChatLane lane = lanes.computeIfAbsent(key, k -> new ChatLane(limits, chatLimited, isGroup(job.chat)));
    lane.jobs.addLast(job);
    list(lane);
    schedulePump();
  }

  /** Groups, supergroups and channels have negative ids; channels may also be named {@code @name}. */
  static boolean isGroup(String chatId) {
    return chatId.startsWith("-") || chatId.startsWith("@");
  }

  private void list(ChatLane lane) {
    if (!lane.listed) {
      lane.listed = true;
      ready.addLast(lane);
    }
  }

  private void schedulePump() {
    if (!pumpQueued) {
      pumpQueued = true;
      context.runOnContext(v -> {
        pumpQueued = false;
        pump();
      });
    }
  }

  private void pump() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    long wake = NEVER;
    ArrayDeque<ChatLane> waiting = new ArrayDeque<>();
    ArrayDeque<ChatLane> served = new ArrayDeque<>();
    int paused = 0;
    while (!ready.isEmpty()) {
      ChatLane lane = ready.pollFirst();
      if (lane.pausedUntil - now > 0) {
        paused++;
      }
      long laneAt = lane.readyAt(now);
      long globalAt = globalReadyAt(now);
      if (laneAt > now || globalAt > now || inFlight >= MAX_IN_FLIGHT) {
        // What waits for a call in flight is woken by its answer, not by a timer.
        wake = Math.min(wake, inFlight >= MAX_IN_FLIGHT ? NEVER : Math.max(laneAt, globalAt));
        waiting.addLast(lane);
        continue;
      }
      dispatch(lane, now);
      if (!lane.jobs.isEmpty()) {
        served.addLast(lane);
      } else {
        lane.listed = false;
      }
    }
    // Lanes that waited keep their turn; lanes just served go to the back: round-robin.
    ready.addAll(waiting);
    ready.addAll(served);
    pausedLanes = paused;
    sweep(now);
    arm(now, wake);
  }

  private long globalReadyAt(long now) {
    while (!globalAnswers.isEmpty() && now - globalAnswers.peekFirst() >= globalWindow) {
      globalAnswers.pollFirst();
    }
    if (inFlight + globalAnswers.size() < limits.globalPerSecond()) {
      return now;
    }
    return globalAnswers.isEmpty() ? NEVER : globalAnswers.peekFirst() + globalWindow;
  }

  private void dispatch(ChatLane lane, long now) {
    QueuedCall job = lane.jobs.pollFirst();
    lane.inFlight = true;
    inFlight++;
    job.attempts++;
    Future<Object> attempt;
    try {
      attempt = job.attempt.get();
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    // Always a later turn of the context, even for a future already complete: the pump never re-enters.
    attempt.onComplete(ar -> context.runOnContext(v -> completed(lane, job, ar.result(), ar.cause())));
  }

  private void completed(ChatLane lane, QueuedCall job, Object result, Throwable cause) {
    long answered = System.nanoTime();
    lane.inFlight = false;
    lane.answered(answered);
    inFlight--;
    globalAnswers.addLast(answered);
    if (cause == null) {
      sent.incrementAndGet();
      finish(job, result, null);
    } else {
      TelegramException e = cause instanceof TelegramException t ? t
          : new TelegramException(TelegramException.NETWORK, "Telegram " + job.method + " failed: "
              + cause.getClass().getSimpleName());
      int code = e.errorCode();
      boolean retryable = code == 429 || code == TelegramException.NETWORK || code >= 500;
      if (retryable && job.attempts <= limits.maxRetries() && !closed) {
        retried.incrementAndGet();
        long delayMillis;
        if (code == 429) {
          rateLimited.incrementAndGet();
          delayMillis = Math.max(1, e.retryAfterSeconds()) * 1000;
        } else {
          delayMillis = Math.min(limits.maxBackoffMillis(), FIRST_BACKOFF_MILLIS << Math.min(20, job.attempts - 1));
        }
        // The chat waits as a whole, so its later messages cannot overtake the one retried.
        lane.pausedUntil = System.nanoTime() + delayMillis * 1_000_000;
        lane.jobs.addFirst(job);
        list(lane);
      } else {
        failed.incrementAndGet();
        // e's message names the method and the chat: "Telegram sendMessage to chat 42 answered 400: ...".
        TelegramException last = job.attempts == 1 ? e : new TelegramException(code,
            e.getMessage() + " (given up after " + job.attempts + " tries)", e.retryAfterSeconds());
        warn.warn("{}", last.getMessage());
        finish(job, null, last);
      }
    }
    schedulePump();
  }

  private void finish(QueuedCall job, Object result, TelegramException error) {
    depth--;
    job.finish(result, error);
  }

  /** Forgets idle lanes once their limits have fully recovered, so the map stays bounded. */
  private void sweep(long now) {
    if (now - lastSweep < 1_000_000_000L) {
      return;
    }
    lastSweep = now;
    for (Iterator<ChatLane> it = lanes.values().iterator(); it.hasNext(); ) {
      ChatLane lane = it.next();
      if (!lane.listed && !lane.inFlight && lane.recovered(now)) {
        it.remove();
      }
    }
  }

  private void arm(long now, long wake) {
    if (wake == NEVER || (timerId >= 0 && timerDue <= wake)) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerDue = wake;
    long delayMillis = Math.max(1, (wake - now + 999_999) / 1_000_000);
    timerId = vertx.setTimer(delayMillis, id -> {
      timerId = -1;
      timerDue = NEVER;
      pump();
    });
  }

  /** Fails every queued call (counted as dropped); calls in flight finish on their own. */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      closed = true;
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
      for (ChatLane lane : ready) {
        for (QueuedCall job : lane.jobs) {
          dropped.incrementAndGet();
          warn.warn("Telegram {} to chat {} dropped: the client closed", job.method, job.chat);
          finish(job, null, new TelegramException(TelegramException.DROPPED,
              "Telegram " + job.method + " to chat " + job.chat + " dropped: the client closed"));
        }
        lane.jobs.clear();
        lane.listed = false;
      }
      ready.clear();
      done.complete();
    });
    return done.future();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
