package marketgate.shared.telegram;

import org.slf4j.Logger;

/**
 * WARN lines about dropped and failed messages, at most {@link #PER_MINUTE} a minute: a storm of
 * failures is still reported (with the count of the lines left out) without flooding the log.
 */
final class WarnThrottle {
  static final int PER_MINUTE = 60;
  private final Logger log;
  private long windowStart = System.nanoTime();
  private int written;
  private long suppressed;

  WarnThrottle(Logger log) {
    this.log = log;
  }

  synchronized void warn(String format, Object... args) {
    long now = System.nanoTime();
    if (now - windowStart >= 60_000_000_000L) {
      if (suppressed > 0) {
        log.warn("{} more Telegram warnings were left out in the last minute", suppressed);
      }
      windowStart = now;
      written = 0;
      suppressed = 0;
    }
    if (written++ < PER_MINUTE) {
      log.warn(format, args);
    } else {
      suppressed++;
    }
  }
}
