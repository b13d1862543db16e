package marketgate.benchmarks;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.simulator.MarketSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The candle store alone, one thread: 2,400 instruments x 10 intervals, ticks in time order over a
 * session (as a feed delivers them). Score = ticks a second.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar CandleStoreBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class CandleStoreBenchmark {
  static final int CHUNK = 65_536;
  static final int CHUNKS = 160; // about 10.5 million ticks, more than one iteration consumes

  private TickBatch[] chunks;
  private Universe universe;
  private int[] rings;
  private CandleStore store;
  private int next;

  @Setup(Level.Trial)
  public void generate() {
    universe = Universe.builtIn().limit(2_400);
    rings = MarketgateConfig.defaults().ticks().ringSize();
    MarketSimulator simulator = new MarketSimulator(universe, 42);
    long open = MarketClock.sessionOpen(LocalDate.of(2026, 11, 20)) * 1000L;
    long span = MarketClock.SESSION_SECONDS * 1000L;
    chunks = new TickBatch[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
      chunks[c] = new TickBatch(CHUNK);
      // 64 ticks share a millisecond timestamp; time advances across the whole session.
      for (int i = 0; i < CHUNK; i += 64) {
        long t = open + (long) ((c * (double) CHUNK + i) / (CHUNKS * (double) CHUNK) * span);
        simulator.nextTicks(chunks[c], 64, t);
      }
    }
  }

  @Setup(Level.Iteration)
  public void freshStore() {
    store = new CandleStore(universe, rings, false);
    next = 0;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNK)
  public long applyTicks() {
    if (next == CHUNKS) {
      // Out of fresh ticks: start over in a new store (rare; a run consumes fewer than CHUNKS).
      freshStore();
    }
    return store.apply(chunks[next++]);
  }

  /** The same store code with per-tick work reduced to the 1m interval: the cost of nine more intervals. */
  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(new String[] {"CandleStoreBenchmark"});
  }
}
