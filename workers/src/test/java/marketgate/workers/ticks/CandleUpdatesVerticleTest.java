package marketgate.workers.ticks;

import static marketgate.workers.ticks.StoreFixtures.INFY;
import static marketgate.workers.ticks.StoreFixtures.TCS;
import static marketgate.workers.ticks.StoreFixtures.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.TickBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CandleUpdatesVerticleTest {
  /** The rounds of these tests are called by hand: the timer's never fires. */
  private static final int MANUAL = 3_600_000;
  private final CandleStore store = StoreFixtures.store();
  private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);

  @Test
  void aRoundPublishesOnlyTheNewestChangedCandleOfEachSeriesOnce(Vertx vertx, VertxTestContext ctx) {
    CandleUpdatesVerticle updates = new CandleUpdatesVerticle(store, 250, MANUAL, clock::get);
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_UPDATES, m -> ctx.verify(() -> {
      if (seen.incrementAndGet() == 2) {
        assertEquals(java.util.Set.of("TCS"), m.body().getJsonObject("candles").fieldNames());
        ctx.completeNow();
        return;
      }
      JsonObject candles = m.body().getJsonObject("candles");
      assertEquals(1, candles.size(), "only INFY changed: " + candles);
      JsonObject infy = candles.getJsonObject("INFY");
      // Three ticks in two minutes: one message, the newest 1m candle (09:16) with the last price.
      assertEquals(101.5, infy.getJsonObject("1m").getDouble("close"));
      assertEquals(millis("09:16:00") / 1000, infy.getJsonObject("1m").getLong("timestamp"));
      assertEquals(100.0, infy.getJsonObject("5m").getDouble("open"));
      assertTrue(infy.containsKey("day"));
    }));
    vertx.deployVerticle(updates).onComplete(ctx.succeeding(id -> ctx.verify(() -> {
      updates.demanded();
      assertNull(updates.round(), "nothing changed since the start");
      store.apply(new TickBatch(3).add(INFY, 100, 10, 0, millis("09:15:10"))
          .add(INFY, 101, 20, 0, millis("09:15:40")).add(INFY, 101.5, 30, 0, millis("09:16:05")));
      assertFalse(updates.round().isEmpty());
      assertNull(updates.round(), "the same changes are not sent twice");
      store.apply(new TickBatch(1).add(TCS, 3500, 5, 0, millis("09:16:10")));
      JsonObject next = updates.round();
      assertEquals(java.util.Set.of("TCS"), next.getJsonObject("candles").fieldNames());
    })));
  }

  @Test
  void aTickOnAQuietInstrumentGoesOutAtOnceAndAFasterOneWaitsForItsWindow(Vertx vertx) {
    CandleUpdatesVerticle updates = new CandleUpdatesVerticle(store, 250, MANUAL, clock::get);
    vertx.deployVerticle(updates).await();
    updates.demanded();
    store.apply(new TickBatch(1).add(INFY, 100, 10, 0, millis("09:15:10")));
    assertEquals(java.util.Set.of("INFY"), updates.round().getJsonObject("candles").fieldNames(),
        "a quiet instrument's tick goes out in the next round");

    clock.addAndGet(50);
    store.apply(new TickBatch(2).add(INFY, 101, 10, 0, millis("09:15:11")).add(TCS, 3500, 5, 0, millis("09:15:11")));
    JsonObject tcsOnly = updates.round().getJsonObject("candles");
    assertEquals(java.util.Set.of("TCS"), tcsOnly.fieldNames(), "INFY was sent 50 ms ago: it waits, TCS does not");

    clock.addAndGet(150);
    assertNull(updates.round(), "INFY's window (250 ms) is still open");
    clock.addAndGet(50);
    JsonObject infyAgain = updates.round().getJsonObject("candles");
    assertEquals(java.util.Set.of("INFY"), infyAgain.fieldNames());
    assertEquals(101.0, infyAgain.getJsonObject("INFY").getJsonObject("1m").getDouble("close"),
        "the waiting change is sent once its window closes");
    clock.addAndGet(1_000);
    assertNull(updates.round(), "nothing changed since");
  }

  @Test
  void roundsRunOnlyWhileAStreamWantsCandlesAndCatchUpWhenOneDoesAgain(Vertx vertx) {
    CandleUpdatesVerticle updates = new CandleUpdatesVerticle(store, 250, MANUAL, clock::get);
    vertx.deployVerticle(updates).await();
    store.apply(new TickBatch(1).add(INFY, 100, 10, 0, millis("09:15:10")));
    assertNull(updates.round(), "no stream asked: nothing is built");
    assertEquals(1, updates.stats().getLong("idle_rounds"));

    // A gateway's demand arrives over the bus, as StreamHub sends it.
    vertx.eventBus().publish(Addresses.TICKS_UPDATES_DEMAND, null);
    JsonObject caughtUp = null;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (caughtUp == null && System.nanoTime() < deadline) {
      caughtUp = updates.round();
      Thread.onSpinWait();
    }
    assertTrue(caughtUp != null, "the demand was heard");
    assertEquals(java.util.Set.of("INFY"), caughtUp.getJsonObject("candles").fieldNames(),
        "the change made while nobody watched goes out once demanded");

    clock.addAndGet(Addresses.TICKS_UPDATES_DEMAND_LEASE_MILLIS + 1);
    store.apply(new TickBatch(1).add(TCS, 3500, 5, 0, millis("09:15:20")));
    assertNull(updates.round(), "the lease ran out: idle again");
    updates.demanded();
    assertEquals(java.util.Set.of("TCS"), updates.round().getJsonObject("candles").fieldNames());
  }
}
