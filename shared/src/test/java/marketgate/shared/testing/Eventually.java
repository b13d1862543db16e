package marketgate.shared.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits on a condition instead of a fixed sleep: checks it every 20 ms until it holds, and fails
 * (with the last thing seen) only after a generous deadline, so a loaded CI machine is slow, not red.
 */
public final class Eventually {
  public static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final long EVERY_MILLIS = 20;

  private Eventually() {}

  /** Completes when {@code check} answers true; a failed check counts as "not yet". */
  public static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    poll(vertx, check, deadline, done, null);
    return done.future();
  }

  /** For a condition that can be checked without the bus: a file, a counter. */
  public static Future<Void> untilTrue(Vertx vertx, Callable<Boolean> check) {
    return until(vertx, () -> {
      try {
        return Future.succeededFuture(check.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * For a test thread (not an event loop): blocks until {@code condition} holds, polling every 20 ms,
   * and fails naming {@code what} after the deadline.
   */
  public static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
      }
      Thread.sleep(EVERY_MILLIS);
    }
  }

  private static void poll(Vertx vertx, Supplier<Future<Boolean>> check, long deadline, Promise<Void> done,
      Throwable last) {
    if (System.nanoTime() > deadline) {
      done.fail(new AssertionError("condition not met within " + DEADLINE.toSeconds() + " s"
          + (last == null ? "" : ": " + last), last));
      return;
    }
    Future<Boolean> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(r -> {
      if (r.succeeded() && Boolean.TRUE.equals(r.result())) {
        done.complete();
      } else {
        vertx.setTimer(EVERY_MILLIS, t -> poll(vertx, check, deadline, done, r.failed() ? r.cause() : last));
      }
    });
  }
}
