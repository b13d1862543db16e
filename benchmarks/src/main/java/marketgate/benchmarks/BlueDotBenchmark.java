package marketgate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import marketgate.shared.store.DataStore;
import marketgate.workers.bluedot.convert.BatchConverter;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.BatchSettings;
import marketgate.workers.bluedot.convert.Timeframe;

/**
 * BlueDot conversion throughput: 1,000 files derived from DIX_daily.json (each with its own
 * symbol and prices scaled by its own factor, about 118 MB in all) converted as one daily batch
 * into 5,000 CSVs, the index, {@code latest/} and the seed repository. Prints files per second
 * and the heap used.
 *
 * <p>By default the runs are consecutive daily batches into one data directory, as the bluedot
 * worker makes them: each day's input has one more day of prices (so every seed file changes), two
 * batches are retained, and from the fourth batch on the files of the batch pruned the day before
 * are overwritten in place ({@link marketgate.workers.bluedot.convert.StagingFolder}). {@code -Dbluedot.fresh=true}
 * runs every batch into an empty data directory instead (the first batch of a new installation).
 *
 * <pre>
 * ./mvnw -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar marketgate.benchmarks.BlueDotBenchmark [files] [runs] [threads] [warmups]
 * </pre>
 */
public final class BlueDotBenchmark {
  private static final Pattern PRICE = Pattern.compile("\"(open|high|low|close|bc)\": ([0-9.]+)");

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    // The first runs include JIT compilation (C2 keeps improving the parser for two or three
    // batches); they are printed, and left out of the median unless they are all there is.
    int warmups = args.length > 3 ? Integer.parseInt(args[3]) : Math.min(3, runs - 1);
    // -Dbluedot.dir=/dev/shm runs on tmpfs: the converter's own cost without the file system's
    // (on this VM's ext4, creating a file costs 40 us to 900 us depending on the moment).
    String dir = System.getProperty("bluedot.dir");
    boolean fresh = Boolean.getBoolean("bluedot.fresh");
    Path work = dir == null ? Files.createTempDirectory("bluedot-bench") : Files.createTempDirectory(Path.of(dir), "bluedot-bench");
    Path input = work.resolve("input");
    long bytes = generate(input, files, 0);
    System.out.printf(Locale.ROOT, "input: %d files, %.1f MB; %d threads; max heap %d MB; %s%n",
        files, bytes / 1e6, threads, Runtime.getRuntime().maxMemory() >> 20,
        fresh ? "every batch into an empty data directory" : "consecutive daily batches, 2 retained");

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Path> inputs = BatchConverter.jsonFiles(input);
    List<Long> times = new ArrayList<>();
    try {
      for (int run = 0; run < runs; run++) {
        Path data = work.resolve(fresh ? "data-" + run : "data");
        String label = LocalDate.of(2025, 8, 1).plusDays(run).toString();
        if (run > 0) {
          generate(input, files, run); // the next day's prices (outside the timing)
        }
        Clock clock = Clock.fixed(Instant.parse("2025-08-02T06:30:00Z").plus(Duration.ofDays(run)), ZoneOffset.UTC);
        BatchConverter converter = new BatchConverter(new DataStore(data),
            new BatchSettings(0.95, 2, "bluedot"), pool, clock);
        System.gc();
        long start = System.nanoTime();
        BatchResult result = converter.convert(Timeframe.DAILY, label, inputs, (d, t) -> {});
        long nanos = System.nanoTime() - start;
        long csvs;
        try (var listing = Files.list(data.resolve("pages/daily/" + label))) {
          csvs = listing.filter(p -> p.toString().endsWith(".csv")).count();
        }
        System.out.printf(Locale.ROOT, "run %d: %d ms, %.0f files/s, %d converted, %d CSVs (%d recycled), %d seed changes; steps %s%s%n",
            run + 1, nanos / 1_000_000, files / (nanos / 1e9), result.converted(), csvs, converter.lastRecycledFiles(),
            result.seedChanges().size(), converter.lastPhases(), run < warmups ? " (warm-up)" : "");
        if (run >= warmups) {
          times.add(nanos);
        }
        if (result.converted() != files || csvs != 5L * files) {
          throw new IllegalStateException("benchmark batch did not convert fully: " + result.failures());
        }
        if (fresh) {
          deleteTree(data);
        }
      }
    } finally {
      pool.shutdownNow();
      deleteTree(work);
    }
    Collections.sort(times);
    long median = times.get(times.size() / 2);
    long peakHeap = 0;
    for (MemoryPoolMXBean pool2 : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool2.getType() == MemoryType.HEAP) {
        peakHeap += pool2.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "median %d ms (min %d, max %d ms over %d runs) = %.0f files/s; peak heap used %d MB%n",
        median / 1_000_000, times.get(0) / 1_000_000, times.get(times.size() - 1) / 1_000_000, times.size(),
        files / (median / 1e9), peakHeap >> 20);
  }

  /**
   * Writes {@code count} files shaped like the sample, each with its own symbol and price level;
   * {@code day} n has n more days of prices (copies of the newest), so every series grows a row a day.
   */
  public static long generate(Path folder, int count, int day) throws IOException {
    Files.createDirectories(folder);
    String sample;
    try (InputStream in = BlueDotBenchmark.class.getResourceAsStream("/bluedot/DIX_daily.json")) {
      sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    long total = 0;
    for (int i = 0; i < count; i++) {
      String symbol = String.format(Locale.ROOT, "S%04d", i);
      double factor = 0.25 + (i % 400) / 100.0;
      Matcher m = PRICE.matcher(sample.replace("\"DIX.IN\"", "\"" + symbol + ".IN\""));
      StringBuilder out = new StringBuilder(sample.length() + 4096);
      while (m.find()) {
        double value = Double.parseDouble(m.group(2));
        double shifted = m.group(1).equals("bc") ? value : Math.round(value * factor * 20) / 20.0;
        m.appendReplacement(out, "\"" + m.group(1) + "\": " + java.math.BigDecimal.valueOf(shifted).toPlainString());
      }
      m.appendTail(out);
      addDays(out, day);
      byte[] content = out.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(folder.resolve(symbol + "_daily.json"), content);
      total += content.length;
    }
    return total;
  }

  /** Puts {@code days} copies of the newest price row before it, one day apart and newer. */
  private static void addDays(StringBuilder json, int days) {
    int prices = json.indexOf("\"prices\": [") + "\"prices\": [".length();
    int start = json.indexOf("{", prices);
    String newest = json.substring(start, json.indexOf("}", start) + 1);
    Matcher date = Pattern.compile("\"priceDate\": (\\d+)").matcher(newest);
    if (!date.find()) {
      throw new IllegalStateException("sample has no priceDate");
    }
    long millis = Long.parseLong(date.group(1));
    StringBuilder rows = new StringBuilder();
    for (int d = days; d >= 1; d--) {
      rows.append(newest.replace(date.group(), "\"priceDate\": " + (millis + d * 86_400_000L))).append(",\n");
    }
    json.insert(start, rows);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
