package marketgate.shared.telegram;

import java.util.ArrayDeque;

/**
 * One chat (or one callback answer) in the {@link OutgoingQueue}: its queued calls, the one in
 * flight, and the state of its limits. Used on the queue's context only.
 */
final class ChatLane {
  private static final long GROUP_WINDOW = 60_000_000_000L;
  private final TelegramLimits limits;
  /** The spacing of a chat's sustained rate. */
  private final long interval;
  final boolean chatLimited;
  final boolean group;
  final ArrayDeque<QueuedCall> jobs = new ArrayDeque<>();
  /** When the answers to this group's calls of the last minute came. */
  final ArrayDeque<Long> groupAnswers = new ArrayDeque<>();
  /** The earliest next dispatch the rate and burst allow; meaningless until {@code answeredOnce}. */
  long earliest;
  boolean answeredOnce;
  long pausedUntil;
  boolean inFlight;
  boolean listed;

  ChatLane(TelegramLimits limits, boolean chatLimited, boolean group) {
    this.limits = limits;
    this.interval = (long) Math.ceil(1e9 / limits.perChatPerSecond());
    this.chatLimited = chatLimited;
    this.group = chatLimited && group;
    this.pausedUntil = System.nanoTime();
  }

  long readyAt(long now) {
    if (inFlight) {
      return OutgoingQueue.NEVER;
    }
    long at = Math.max(now, pausedUntil);
    if (!chatLimited) {
      return at;
    }
    if (answeredOnce && earliest - now > 0) {
      at = Math.max(at, earliest);
    }
    if (group) {
      while (!groupAnswers.isEmpty() && now - groupAnswers.peekFirst() >= GROUP_WINDOW) {
        groupAnswers.pollFirst();
      }
      if (groupAnswers.size() >= limits.perGroupPerMinute()) {
        at = Math.max(at, groupAnswers.peekFirst() + GROUP_WINDOW);
      }
    }
    return at;
  }

  /**
   * The call in flight was answered at {@code at}. With E(j) the earliest dispatch of message j,
   * E(j+1) = max(E(j) + interval, answer(j) + (2 - burst) * interval): a burst of {@code burst}
   * back to back, then one every interval, counted between answers and dispatches.
   */
  void answered(long at) {
    if (!chatLimited) {
      return;
    }
    long fromThis = at + (2 - limits.perChatBurst()) * interval;
    earliest = answeredOnce ? Math.max(earliest + interval, fromThis) : fromThis;
    answeredOnce = true;
    if (group) {
      groupAnswers.addLast(at);
    }
  }

  /** A fresh lane would allow nothing this one forbids: it may be forgotten. */
  boolean recovered(long now) {
    boolean rateRecovered = !answeredOnce || now - (earliest + (limits.perChatBurst() - 1) * interval) >= 0;
    return pausedUntil - now <= 0 && rateRecovered
        && (groupAnswers.isEmpty() || now - groupAnswers.peekLast() >= GROUP_WINDOW);
  }
}
