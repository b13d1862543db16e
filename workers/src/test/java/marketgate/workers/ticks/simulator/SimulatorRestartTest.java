package marketgate.workers.ticks.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.BooleanSupplier;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.SimulatorConfig;
import marketgate.shared.config.TicksConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.RejectReason;
import marketgate.workers.ticks.TicksVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node restarted over the same data directory: the simulated market goes on, it does not rewind. */
class SimulatorRestartTest {
  private static final MarketClock MARKET = MarketClock.withBuiltInHolidays();
  private final Vertx vertx = Vertx.vertx();
  private final Universe universe = Universe.builtIn().limit(50);
  private final TicksConfig ticks = MarketgateConfig.defaults().ticks();
  private final SimulatorConfig simulator = new SimulatorConfig(7, 20_000, 50, 0, 50);
  @TempDir Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    marketgate.shared.testing.Eventually.waitFor(what, condition);
  }

  private CandleStore store() {
    return new CandleStore(universe, ticks.ringSize(), false, ticks.outOfOrderMillis());
  }

  /** Deploys the engine over the data directory, then the simulator resumed as the node does it. */
  private String[] startNode(CandleStore store, long firstRunStart) throws Exception {
    String engine = vertx.deployVerticle(new TicksVerticle(ticks, store, new DataStore(dir))).await();
    long resumeAfter = firstRunStart > 0 ? firstRunStart : store.stats().lastTickMillis();
    SimulatedClock clock = new SimulatedClock(MARKET, Instant.now(), resumeAfter);
    String source = vertx.deployVerticle(new SimulatorVerticle(simulator, new MarketSimulator(universe, 7), clock)).await();
    return new String[] {engine, source};
  }

  @Test
  void aRestartOverTheSameDataDirectoryContinuesFromTheLastTickTime() throws Exception {
    // The first run starts at 11:00 of the latest session, as if the node had run since 09:15.
    LocalDate day = MARKET.latestSessionDay(Instant.now());
    long eleven = (MarketClock.sessionOpen(day) + 105 * 60) * 1000L;
    CandleStore first = store();
    String[] node = startNode(first, eleven);
    waitFor(() -> first.stats().ticksProcessed() >= 2_000, "2,000 ticks before the restart");
    vertx.undeploy(node[1]).await();
    vertx.undeploy(node[0]).await(); // an orderly stop: journal flushed, checkpoint taken
    long lastBefore = first.stats().lastTickMillis();
    long processedBefore = first.stats().ticksProcessed();

    CandleStore second = store();
    node = startNode(second, 0);
    assertEquals(lastBefore, second.stats().lastTickMillis(), "recovered up to the last tick");
    waitFor(() -> second.stats().ticksProcessed() >= processedBefore + 2_000, "2,000 ticks after the restart");
    vertx.undeploy(node[1]).await();

    assertEquals(0, second.stats().rejected(RejectReason.LATE), "no tick of the second run was older than the first's");
    assertTrue(second.stats().lastTickMillis() > lastBefore, "the market moved on from where it stopped");
  }
}
