package marketgate.workers.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A channel's queue is bounded (the oldest waiting alert goes) and retries with backoff. */
class ChannelQueueTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Alert alert(int n) {
    Incident incident = new Incident("check@" + n, "check", "summary " + n, Instant.EPOCH, null, 1, Instant.EPOCH);
    return new Alert(Alert.Kind.OPENED, incident);
  }

  /** An outside service that answers only when the test says so. */
  static final class SlowChannel implements AlertChannel {
    final List<Alert> seen = new ArrayList<>();
    final List<Promise<Void>> pending = new ArrayList<>();

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public Future<Void> deliver(Alert alert) {
      seen.add(alert);
      Promise<Void> p = Promise.promise();
      pending.add(p);
      return p.future();
    }
  }

  @Test
  void aFullQueueDropsTheOldestWaitingAlertAndCountsIt() {
    SlowChannel channel = new SlowChannel();
    ChannelQueue queue = new ChannelQueue(vertx, channel, 2, 3, 10, 100);
    for (int i = 1; i <= 5; i++) {
      queue.offer(alert(i));
    }
    assertEquals(2, queue.toJson().getLong("dropped"), "alerts 2 and 3 went; 1 is in flight, 4 and 5 wait");
    assertEquals(3, queue.toJson().getInteger("queued"));
    for (int i = 0; i < 3; i++) {
      channel.pending.get(i).complete();
    }
    assertEquals(List.of("check@1", "check@4", "check@5"), channel.seen.stream().map(a -> a.incident().id()).toList());
    assertEquals(3, queue.toJson().getLong("delivered"));
    assertEquals(0, queue.toJson().getInteger("queued"));
  }

  @Test
  void aFailedDeliveryIsRetriedWithBackoffUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AlertChannel flaky = new AlertChannel() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Future<Void> deliver(Alert alert) {
        return attempts.incrementAndGet() < 3 ? Future.failedFuture("answered 503") : Future.succeededFuture();
      }
    };
    ChannelQueue queue = new ChannelQueue(vertx, flaky, 10, 5, 10, 100);
    vertx.runOnContext(v -> queue.offer(alert(1)));
    MonitorFixtures.eventually("the third attempt delivers", () -> queue.toJson().getLong("delivered") == 1);
    assertEquals(2, queue.toJson().getLong("retries"));
    assertEquals(0, queue.toJson().getLong("failed"));
    assertEquals(3, attempts.get());
  }
}
