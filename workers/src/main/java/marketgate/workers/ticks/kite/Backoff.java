package marketgate.workers.ticks.kite;

import java.util.Random;

/**
 * Capped exponential backoff with jitter: 1 s, 2 s, 4 s ... up to the cap, each shortened by up to
 * 20% at random so that many clients cut off together do not reconnect in lockstep.
 */
final class Backoff {
  private static final double JITTER = 0.2;

  private final long initialMillis;
  private final long maxMillis;
  private final Random random;
  private int attempt;

  Backoff(long initialMillis, long maxMillis, Random random) {
    this.initialMillis = initialMillis;
    this.maxMillis = Math.max(initialMillis, maxMillis);
    this.random = random;
  }

  /** The delay before the next attempt; each call doubles the base until the cap. */
  long nextDelayMillis() {
    long base = initialMillis << Math.min(attempt, 30);
    if (base <= 0 || base > maxMillis) {
      base = maxMillis;
    }
    attempt++;
    return Math.max(1, (long) (base * (1 - JITTER * random.nextDouble())));
  }

  /** After a healthy connection the next failure starts again from the initial delay. */
  void reset() {
    attempt = 0;
  }
}
