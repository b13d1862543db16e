package marketgate.workers.ticks.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.SimulatorConfig;
import marketgate.shared.model.TickBatch;
import marketgate.workers.ticks.TickIntake;

/**
 * Feeds the candle engine with simulated ticks at the configured rate, one batch a period. When the
 * engine has not acknowledged {@code ticks.maxInFlightBatches} batches, a period is skipped (the
 * market simply had fewer ticks) and counted, rather than queueing batches without bound.
 */
public final class SimulatorVerticle extends VerticleBase {
  private final SimulatorConfig config;
  private final MarketSimulator simulator;
  private final SimulatedClock clock;
  private final int maxInFlight;
  private TickIntake intake;
  private long sent;
  private double carry;

  public SimulatorVerticle(SimulatorConfig config, MarketSimulator simulator, SimulatedClock clock) {
    this(config, simulator, clock, TickIntake.DEFAULT_MAX_IN_FLIGHT);
  }

  /** @param maxInFlight {@code ticks.maxInFlightBatches} */
  public SimulatorVerticle(SimulatorConfig config, MarketSimulator simulator, SimulatedClock clock, int maxInFlight) {
    this.config = config;
    this.simulator = simulator;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    intake = new TickIntake(vertx, maxInFlight);
    vertx.setPeriodic(config.batchMillis(), config.batchMillis(), id -> emit());
    return vertx.eventBus().<JsonObject>consumer(Addresses.TICKS_SOURCE_STATUS, m -> m.reply(status())).completion();
  }

  private void emit() {
    double due = config.ticksPerSecond() * config.batchMillis() / 1000.0 + carry;
    int count = (int) due;
    carry = due - count;
    if (count == 0) {
      return;
    }
    if (!intake.hasCredit()) {
      intake.overflow(count);
      return;
    }
    TickBatch batch = new TickBatch(count);
    simulator.nextTicks(batch, count, clock.marketMillis(System.currentTimeMillis()));
    intake.send(batch);
    sent += count;
  }

  public long sent() {
    return sent;
  }

  /** Counters; read on this verticle's context or at {@link Addresses#TICKS_SOURCE_STATUS}. */
  public JsonObject status() {
    return new JsonObject()
        .put("source", "simulator")
        .put("ticks", sent)
        .put("ticks_per_second", config.ticksPerSecond())
        .put("intake", intake.toJson());
  }
}
