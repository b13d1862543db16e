package marketgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.StoreCheckpoint;

/**
 * What a checkpoint of the full candle store does to ingestion and queries: the built-in universe
 * with every ring allocated (default ring sizes) and a full session of 1m candles, one thread
 * applying 500-tick batches (the ticks verticle) and one reading 100 5m candles of a random
 * instrument (the candle query verticle), first for a quiet baseline period, then while
 * checkpoints are written back to back. Reports the longest time one batch took to apply (the
 * ingestion pause) and the query latency percentiles in each period.
 *
 * <p>{@code java -Xmx1g -cp benchmarks/target/benchmarks.jar marketgate.benchmarks.CheckpointStallBenchmark [checkpoints]}
 */
public final class CheckpointStallBenchmark {
  private static final int BATCH = 500;

  private CheckpointStallBenchmark() {}

  public static void main(String[] args) throws Exception {
    int checkpoints = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Universe universe = Universe.builtIn();
    int[] rings = MarketgateConfig.defaults().ticks().ringSize();
    CandleStore store = new CandleStore(universe, rings, false);
    long open = MarketClock.sessionOpen(LocalDate.of(2026, 11, 20)) * 1000L;
    int n = universe.size();
    long[] cumulative = new long[n];
    SplittableRandom random = new SplittableRandom(1);
    for (int minute = 0; minute < 375; minute++) {
      TickBatch batch = new TickBatch(n);
      for (int i = 0; i < n; i++) {
        cumulative[i] += 100 + random.nextInt(1000);
        batch.add(universe.instruments().get(i).token(), 100 + random.nextInt(100), cumulative[i], 0,
            open + minute * 60_000L + 1_000);
      }
      store.apply(batch);
    }
    long ringBytes = 0;
    for (Interval interval : Interval.all()) {
      ringBytes += (long) store.capacity(interval) * n * 8 * Long.BYTES;
    }
    System.out.printf("store: %d instruments, %.0f MB of candle rings%n", n, ringBytes / 1e6);

    Path dir = Files.createTempDirectory("marketgate-checkpoint-bench");
    StoreCheckpoint checkpoint = new StoreCheckpoint(new DataStore(dir));
    checkpoint.save(store); // warm-up: code paths, file, buffers

    Load quiet = Load.run(store, universe, open, cumulative, () -> LockSupport.parkNanos(3_000_000_000L));
    print("no checkpoint (3 s)", quiet);
    long[] took = new long[checkpoints];
    Load busy = Load.run(store, universe, open, cumulative, () -> {
      for (int c = 0; c < checkpoints; c++) {
        long t0 = System.nanoTime();
        try {
          checkpoint.save(store);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        took[c] = System.nanoTime() - t0;
      }
    });
    print(checkpoints + " checkpoints back to back", busy);
    System.out.printf("checkpoint took (ms): %s; file %.0f MB%n",
        Arrays.toString(Arrays.stream(took).map(t -> t / 1_000_000).toArray()),
        Files.size(dir.resolve(StoreCheckpoint.PATH)) / 1e6);
  }

  private static void print(String phase, Load load) {
    System.out.printf("%-28s ingestion: %d batches, longest apply %.2f ms | candle query: %d, p50 %.3f ms, "
            + "p99 %.3f ms, max %.2f ms%n",
        phase, load.batches, load.longestApply / 1e6, load.queries.length, load.percentile(50) / 1e6,
        load.percentile(99) / 1e6, load.percentile(100) / 1e6);
  }

  /** An ingestion thread and a query thread running while {@code during} runs on the caller's thread. */
  private static final class Load {
    long batches;
    long longestApply;
    long[] queries;

    long percentile(double p) {
      if (queries.length == 0) {
        return 0;
      }
      int index = (int) Math.min(queries.length - 1, Math.ceil(p / 100 * queries.length) - 1);
      return queries[Math.max(0, index)];
    }

    static Load run(CandleStore store, Universe universe, long open, long[] cumulative, Runnable during)
        throws InterruptedException {
      Load load = new Load();
      AtomicBoolean stop = new AtomicBoolean();
      int n = universe.size();
      long lastMinute = open + 374 * 60_000L;
      Thread ingest = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(2);
        long t = lastMinute + 2_000;
        while (!stop.get()) {
          TickBatch batch = new TickBatch(BATCH);
          for (int i = 0; i < BATCH; i++) {
            int idx = random.nextInt(n);
            cumulative[idx] += 1 + random.nextInt(100);
            batch.add(universe.instruments().get(idx).token(), 100 + random.nextInt(100), cumulative[idx], 0,
                Math.min(t++, lastMinute + 59_000));
          }
          long t0 = System.nanoTime();
          store.apply(batch);
          load.longestApply = Math.max(load.longestApply, System.nanoTime() - t0);
          load.batches++;
          LockSupport.parkNanos(1_000_000); // about 500,000 ticks a second at most
        }
      }, "ingest");
      long[][] samples = {new long[1 << 20]};
      int[] count = {0};
      Thread query = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(3);
        long now = (lastMinute + 60_000) / 1000;
        while (!stop.get()) {
          int idx = random.nextInt(n);
          long t0 = System.nanoTime();
          store.candles(idx, Interval.M5, 100, now);
          long took = System.nanoTime() - t0;
          if (count[0] < samples[0].length) {
            samples[0][count[0]++] = took;
          }
          LockSupport.parkNanos(200_000);
        }
      }, "query");
      ingest.start();
      query.start();
      try {
        during.run();
      } finally {
        stop.set(true);
        ingest.join();
        query.join();
      }
      load.queries = Arrays.copyOf(samples[0], count[0]);
      Arrays.sort(load.queries);
      return load;
    }
  }
}
