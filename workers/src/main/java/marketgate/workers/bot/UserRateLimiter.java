package marketgate.workers.bot;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code perMinute} scans per user in any sliding minute. Bounded: the map keeps the
 * {@link #MAX_USERS} most recently active users; a user pushed out starts a fresh window (lenient,
 * never wrong against anyone else).
 */
final class UserRateLimiter {
  static final int MAX_USERS = 10_000;
  private static final long WINDOW_MILLIS = 60_000;

  private final int perMinute;
  private final Map<String, ArrayDeque<Long>> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
      return size() > MAX_USERS;
    }
  };

  UserRateLimiter(int perMinute) {
    this.perMinute = perMinute;
  }

  /** Takes one scan for this user at {@code nowMillis}: 0 when allowed, else the seconds to wait. */
  synchronized long acquire(String user, long nowMillis) {
    ArrayDeque<Long> times = recent.computeIfAbsent(user == null ? "?" : user, u -> new ArrayDeque<>());
    while (!times.isEmpty() && times.peekFirst() <= nowMillis - WINDOW_MILLIS) {
      times.pollFirst();
    }
    if (times.size() >= perMinute) {
      return Math.max(1, (times.peekFirst() + WINDOW_MILLIS - nowMillis + 999) / 1000);
    }
    times.addLast(nowMillis);
    return 0;
  }

  synchronized int users() {
    return recent.size();
  }
}
