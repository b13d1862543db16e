package marketgate.workers.ticks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.SimulatorConfig;
import marketgate.shared.config.TicksConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.simulator.MarketSimulator;
import marketgate.workers.ticks.simulator.SimulatedClock;
import marketgate.workers.ticks.simulator.SimulatorVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ticks.in under a flood: a source faster than the engine is held to a bound, and the overflow is counted. */
class TickIntakeTest {
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private JsonObject ask(String address, Predicate<JsonObject> until) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      JsonObject reply = vertx.eventBus().<JsonObject>request(address, new JsonObject()).await().body();
      if (until.test(reply)) {
        return reply;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + reply.encode());
      }
      Thread.sleep(10);
    }
  }

  @Test
  void aFloodFasterThanTheStoreIsBoundedAndCounted() throws Exception {
    Universe universe = Universe.builtIn().limit(100);
    TicksConfig ticks = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("ticks", new JsonObject().put("maxInFlightBatches", 4).put("journal", false))).ticks();
    CandleStore store = new CandleStore(universe, ticks.ringSize(), true);
    vertx.deployVerticle(new TicksVerticle(ticks, store, new DataStore(dir))).await();

    // The engine stalls (as behind a long lock) while the simulator emits a batch every 5 ms.
    store.lock().lock();
    try {
      SimulatedClock clock = new SimulatedClock(MarketClock.withBuiltInHolidays(), Instant.now());
      vertx.deployVerticle(new SimulatorVerticle(new SimulatorConfig(1, 200_000, 5, 0, 100),
          new MarketSimulator(universe, 1), clock, ticks.maxInFlightBatches())).await();
      JsonObject source = ask(Addresses.TICKS_SOURCE_STATUS, s -> s.getJsonObject("intake").getLong("overflow") >= 20);
      JsonObject intake = source.getJsonObject("intake");
      assertEquals(4, intake.getInteger("in_flight"), "the source stopped at the bound");
      assertEquals(4, intake.getLong("batches"), "nothing more was queued for the stalled engine");
      assertTrue(intake.getLong("dropped_ticks") >= 20 * 1_000, "the skipped beats are counted in ticks");
    } finally {
      store.lock().unlock();
    }
    // The engine catches up; the source's counts reach ticks.stats with its next batches.
    JsonObject stats = ask(Addresses.TICKS_STATS, s -> s.getJsonObject("intake").getLong("overflow") >= 20);
    assertEquals(4, stats.getJsonObject("intake").getInteger("max_in_flight_batches"));
    assertTrue(stats.getJsonObject("intake").getLong("dropped_ticks") >= 20_000);
    assertEquals(0, stats.getJsonObject("intake").getLong("unacknowledged_batches"));
    JsonObject source = ask(Addresses.TICKS_SOURCE_STATUS, s -> true);
    assertTrue(source.getJsonObject("intake").getInteger("peak_in_flight") <= 4, source.encode());
  }
}
