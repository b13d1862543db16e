package marketgate.workers.ticks.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.SimulatorConfig;
import marketgate.shared.model.TickBatch;

/** Feeds the candle engine with simulated ticks at the configured rate, one batch a period. */
public final class SimulatorVerticle extends VerticleBase {
  private final SimulatorConfig config;
  private final MarketSimulator simulator;
  private final SimulatedClock clock;
  private long sent;
  private double carry;

  public SimulatorVerticle(SimulatorConfig config, MarketSimulator simulator, SimulatedClock clock) {
    this.config = config;
    this.simulator = simulator;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    vertx.setPeriodic(config.batchMillis(), config.batchMillis(), id -> emit());
    return Future.succeededFuture();
  }

  private void emit() {
    double due = config.ticksPerSecond() * config.batchMillis() / 1000.0 + carry;
    int count = (int) due;
    carry = due - count;
    if (count == 0) {
      return;
    }
    TickBatch batch = new TickBatch(count);
    simulator.nextTicks(batch, count, clock.marketMillis(System.currentTimeMillis()));
    vertx.eventBus().send(Addresses.TICKS_IN, batch);
    sent += count;
  }

  public long sent() {
    return sent;
  }
}
