package marketgate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.publish.CandleSnapshotWriter;
import marketgate.workers.publish.PublishVerticle;
import marketgate.workers.ticks.CandleStore;

/**
 * The snapshot publisher at the design document's scale: 2,400 instruments x 10 intervals x 100
 * candles. Prints the time to build and gzip latest.json.gz, its size, JSON MB/s, heap added,
 * the size of a 5-minute incremental file, and the tick-to-file time with a 1-second cadence.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -Xmx1g -cp
 * benchmarks/target/benchmarks.jar marketgate.benchmarks.PublishBenchmark}
 */
public final class PublishBenchmark {
  static final int INSTRUMENTS = 2_400;
  static final int CANDLES = 100;
  static final MarketClock CLOCK = MarketClock.withBuiltInHolidays();

  public static void main(String[] args) throws Exception {
    CandleStore store = filledStore();
    long now = store.stats().lastTickMillis() / 1000 + 1;
    CandleSnapshotWriter writer = new CandleSnapshotWriter(store, CANDLES);

    Counting json = new Counting();
    CandleSnapshotWriter.Counts counts = writer.write(json, 0, now);
    System.out.printf("content: %d instruments, %,d candles, %,d bytes of JSON (%.1f MB)%n", counts.instruments(),
        counts.candles(), json.bytes, json.bytes / 1e6);

    for (int i = 0; i < 2; i++) {
      writer.writeGzip(new Counting(), 0, now);
    }
    long best = Long.MAX_VALUE;
    long gzBytes = 0;
    for (int i = 0; i < 5; i++) {
      Counting gz = new Counting();
      long t0 = System.nanoTime();
      writer.writeGzip(gz, 0, now);
      best = Math.min(best, System.nanoTime() - t0);
      gzBytes = gz.bytes;
    }
    long jsonOnly = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      writer.write(new Counting(), 0, now);
      jsonOnly = Math.min(jsonOnly, System.nanoTime() - t0);
    }
    System.out.printf("full latest.json.gz: %.0f ms (best of 5), %,d bytes (%.1f MB, ratio %.1f), %.0f MB/s of JSON"
        + " serialized+gzipped on one thread; JSON alone %.0f ms (%.0f MB/s)%n", best / 1e6, gzBytes, gzBytes / 1e6,
        (double) json.bytes / gzBytes, json.bytes / 1e6 / (best / 1e9), jsonOnly / 1e6, json.bytes / 1e6 / (jsonOnly / 1e9));

    System.out.printf("heap added while writing the full snapshot: %.1f MB (peak used heap during the write minus"
        + " used heap before it, sampled every ms)%n", heapAdded(() -> writer.writeGzip(new Counting(), 0, now)) / 1e6);

    long version = store.version();
    long fiveMinutes = fiveMinutesOfTicks(store);
    Counting inc = new Counting();
    CandleSnapshotWriter.Counts incCounts = writer.writeGzip(inc, version, store.stats().lastTickMillis() / 1000 + 1);
    System.out.printf("5-minute incremental (%,d ticks): %,d candles, %,d bytes (%.1f%% of the full file)%n",
        fiveMinutes, incCounts.candles(), inc.bytes, 100.0 * inc.bytes / gzBytes);

    tickToFile(store);
  }

  /** 2,400 instruments with 100 candles in every interval: 100 trading days, denser towards today. */
  static CandleStore filledStore() {
    List<Instrument> list = new ArrayList<>();
    for (int i = 0; i < INSTRUMENTS; i++) {
      list.add(new Instrument(1_000 * (i + 1) + 1, "SYM" + i, "NSE", 1, 100 + i % 900, 1_000_000));
    }
    int[] rings = new int[Interval.count()];
    Arrays.fill(rings, CANDLES);
    CandleStore store = new CandleStore(new Universe(list), rings, false);
    LocalDate day = CLOCK.previousTradingDay(LocalDate.of(2026, 11, 20));
    List<LocalDate> days = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      days.add(0, day);
      day = CLOCK.previousTradingDay(day);
    }
    SplittableRandom random = new SplittableRandom(1);
    double[] price = new double[INSTRUMENTS];
    for (int i = 0; i < INSTRUMENTS; i++) {
      price[i] = list.get(i).lastPrice();
    }
    for (int d = 0; d < days.size(); d++) {
      int back = days.size() - d;
      // Minutes between ticks: 1 (last 3 days: 100 10m candles), 15 (15 days: 100 60m candles), else one a day.
      int step = back <= 3 ? 1 : back <= 15 ? 15 : 375;
      long open = MarketClock.sessionOpen(days.get(d)) * 1000L;
      long volume = 0;
      for (int minute = 0; minute < 375; minute += step) {
        TickBatch batch = new TickBatch(INSTRUMENTS);
        volume += 1000;
        for (int i = 0; i < INSTRUMENTS; i++) {
          price[i] = Math.max(1, Math.round((price[i] * (1 + 0.002 * (random.nextDouble() - 0.5))) * 20) / 20.0);
          batch.add(list.get(i).token(), price[i], volume, 0, open + minute * 60_000L + 5_000);
        }
        store.apply(batch);
      }
    }
    return store;
  }

  /** 5 minutes of a busy feed after the newest tick: 2,000 ticks a second on random instruments. */
  static long fiveMinutesOfTicks(CandleStore store) {
    long start = store.stats().lastTickMillis() + 1000;
    SplittableRandom random = new SplittableRandom(2);
    long ticks = 0;
    for (int s = 0; s < 300; s++) {
      TickBatch batch = new TickBatch(2_000);
      for (int k = 0; k < 2_000; k++) {
        int i = random.nextInt(INSTRUMENTS);
        batch.add(store.instrument(i).token(), 100 + i % 900, 10_000_000 + s * 100L + k, 0, start + s * 1000L);
      }
      store.apply(batch);
      ticks += batch.size();
    }
    return ticks;
  }

  /** A marker tick, then the time until a published ticks file holds it; 1-second cadence, local target. */
  static void tickToFile(CandleStore store) throws Exception {
    Path dir = Files.createTempDirectory("publish-bench");
    Vertx vertx = Vertx.vertx();
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dir.toString())
        .put("publish", new JsonObject().put("marketIntervalSeconds", 1).put("offHoursIntervalSeconds", 1)));
    BlockingQueue<Long> seen = new ArrayBlockingQueue<>(100);
    double[] marker = {0};
    ObjectMapper mapper = new ObjectMapper();
    String token = Integer.toString(store.instrument(0).token());
    vertx.eventBus().<JsonObject>consumer(Addresses.SNAPSHOT_PUBLISHED, msg -> vertx.eventBus()
        .<Buffer>request(Addresses.SNAPSHOT_FILE, new JsonObject().put("path", "data/ticks/ticks_latest.json.gz"))
        .onSuccess(file -> {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.body().getBytes()))) {
            JsonNode root = mapper.readTree(in);
            if (root.get(token).get("ohlcv").get("close").asDouble() == marker[0]) {
              seen.offer(System.nanoTime());
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }));
    vertx.deployVerticle(new PublishVerticle(config, store, new DataStore(dir), CLOCK, "simulator"),
        new DeploymentOptions()).await();
    Thread.sleep(4000);
    long newest = store.stats().lastTickMillis();
    List<Long> millis = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int k = 0; k < 8; k++) {
      seen.clear();
      Thread.sleep(random.nextInt(1500));
      marker[0] = 5_000 + k + 0.05;
      newest += 1000;
      long t0 = System.nanoTime();
      store.apply(new TickBatch(1).add(store.instrument(0).token(), marker[0], 99_000_000L + k, 0, newest));
      Long t1 = seen.poll(30, TimeUnit.SECONDS);
      millis.add(t1 == null ? -1 : (t1 - t0) / 1_000_000);
    }
    millis.sort(null);
    System.out.printf("tick to published file, 1-second cadence, full store: %s ms (sorted; median %d)%n", millis,
        millis.get(millis.size() / 2));
    vertx.close().await();
  }

  private interface Work {
    void run() throws IOException;
  }

  static long heapAdded(Work work) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(200);
    long before = memory.getHeapMemoryUsage().getUsed();
    long[] peak = {before};
    boolean[] done = {false};
    Thread sampler = new Thread(() -> {
      while (!done[0]) {
        peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    work.run();
    done[0] = true;
    sampler.join();
    return peak[0] - before;
  }

  /** Counts bytes and drops them. */
  static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
