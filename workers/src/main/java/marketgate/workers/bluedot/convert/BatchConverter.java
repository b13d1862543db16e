package marketgate.workers.bluedot.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.store.DataLock;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;

/**
 * Converts one batch of MarketSmith files into {@code pages/<timeframe>/<label>/}: five CSVs per
 * stock, bad files quarantined with their reason, an index, {@code latest/} moved only for a good
 * batch, old batches pruned, and (daily) the seed repository brought up to date.
 *
 * <p>Blocking, CPU and file bound: run it on a worker thread. Files are converted in parallel on
 * the given pool, which bounds the parallelism; no stock's bytes outlive its own task, so memory
 * stays flat whatever the batch size.
 */
public final class BatchConverter {
  /** Called after each input file, from pool threads. */
  @FunctionalInterface
  public interface Progress {
    void fileDone(int done, int total);
  }

  /** The {@link DataLock} a batch holds while it changes what readers of pages/ see. */
  static final String PAGES_LOCK = "bluedot-pages";

  private final DataStore store;
  private final PagesTree pages;
  private final BatchSettings settings;
  private final ExecutorService pool;
  private final Clock clock;
  private volatile Map<String, Long> lastPhases = Map.of();
  private volatile int lastRecycledFiles;

  public BatchConverter(DataStore store, BatchSettings settings, ExecutorService pool, Clock clock) {
    this.store = store;
    this.pages = new PagesTree(store);
    this.settings = settings;
    this.pool = pool;
    this.clock = clock;
  }

  /** Every {@code *.json} file of a folder, sorted by name. */
  public static List<Path> jsonFiles(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().toList();
    }
  }

  public BatchResult convert(Timeframe timeframe, String label, List<Path> inputs, Progress progress)
      throws IOException, InterruptedException {
    return convert(timeframe, label, inputs, List.of(), progress);
  }

  /**
   * @param missing files of the batch that never arrived (a failed download): they count in the
   *     batch's total and are listed with the failures
   */
  public BatchResult convert(Timeframe timeframe, String label, List<Path> inputs, List<FailedFile> missing,
      Progress progress) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Map<String, Long> phases = new java.util.LinkedHashMap<>();
    Instant now = clock.instant();
    int today = (int) LocalDate.ofInstant(now, MarketClock.IST).toEpochDay();
    StagingFolder folder = pages.claimStaging(timeframe, label);
    Path staging = folder.path();
    Path quarantine = staging.resolve(PagesTree.QUARANTINE);
    StockConverter converter = new StockConverter(timeframe);
    Map<String, String> claimed = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    int total = inputs.size() + missing.size();

    List<Future<Object>> tasks = new ArrayList<>(total);
    for (Path input : inputs) {
      tasks.add(pool.submit(() -> {
        try {
          return convertOne(input, converter, today, folder, quarantine, claimed);
        } finally {
          progress.fileDone(done.incrementAndGet(), inputs.size());
        }
      }));
    }
    List<ConvertedStock> stocks = new ArrayList<>();
    List<FailedFile> failures = new ArrayList<>(missing);
    try {
      for (Future<Object> task : tasks) {
        Object outcome = task.get();
        if (outcome instanceof ConvertedStock stock) {
          stocks.add(stock);
        } else {
          failures.add((FailedFile) outcome);
        }
      }
    } catch (ExecutionException e) {
      tasks.forEach(t -> t.cancel(true));
      DataStore.deleteTree(staging);
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException("conversion failed", cause);
    } catch (InterruptedException e) {
      tasks.forEach(t -> t.cancel(true));
      DataStore.deleteTree(staging);
      throw e;
    }
    try {
      folder.removeLeftovers();
    } catch (IOException e) {
      DataStore.deleteTree(staging);
      throw e;
    }
    stocks.sort(Comparator.comparing(ConvertedStock::symbol));
    failures.sort(Comparator.comparing(FailedFile::file));
    if (!failures.isEmpty()) {
      Files.createDirectories(quarantine);
      writeReasons(quarantine, failures);
    }

    phase(phases, "convert", started);
    lastRecycledFiles = folder.overwritten();

    // Batches of other dates may run at once (two jobs, a Drive batch beside a job, another
    // process on this directory): latest/, the seeds, pruning and the consolidated index are
    // read-modify-write, so one batch at a time goes through them. Converting above runs in parallel.
    try (DataLock pagesLock = DataLock.acquire(store, PAGES_LOCK)) {
      BatchResult result = publish(timeframe, label, now, started, total, stocks, failures, staging, phases);
      lastPhases = Map.copyOf(phases);
      return result;
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        DataStore.deleteTree(staging); // gone already once installed
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Installs the converted batch; moves {@code latest/} (and the seeds) to it when it is good and
   * not older than the batch {@code latest/} shows, so a rerun of an old date never turns latest back.
   */
  private BatchResult publish(Timeframe timeframe, String label, Instant now, long started, int total,
      List<ConvertedStock> stocks, List<FailedFile> failures, Path staging, Map<String, Long> phases)
      throws IOException, InterruptedException {
    long t = System.nanoTime();
    boolean good = settings.isGood(stocks.size(), total);
    String batchDir = PagesTree.batchDir(timeframe, label);
    String previous = previousLatest(timeframe);
    boolean movesLatest = good && (previous == null || label.compareTo(previous) >= 0);
    String latest = movesLatest ? label : previous;
    // The batch folder is complete (CSVs, quarantine) before anyone can see it.
    BatchResult draft = new BatchResult(timeframe, label, now.toString(), 0, total, stocks, failures,
        good, latest, List.of());
    Files.write(staging.resolve("index.json"), BatchIndex.json(BatchIndex.section(draft)));
    pages.install(staging, batchDir);
    phase(phases, "install", t);
    t = System.nanoTime();
    // latest/ and the seed files are links to the same installed files, in different folders:
    // made side by side (the seeds on the pool, now idle, in two halves) rather than one after the other.
    SeedRepository seedRepository = new SeedRepository(store, settings.seedRepository());
    List<Future<List<String>>> seeds = new ArrayList<>();
    if (movesLatest && timeframe == Timeframe.DAILY) {
      Path installed = store.resolve(batchDir);
      int half = stocks.size() / 2;
      for (List<ConvertedStock> part : List.of(stocks.subList(0, half), stocks.subList(half, stocks.size()))) {
        seeds.add(pool.submit(() -> seedRepository.syncFiles(part, installed)));
      }
    }
    Path oldLatest = movesLatest ? pages.moveLatest(timeframe, label) : null;
    phase(phases, "latest", t);
    // The previous latest/ is out of sight now, 5,000 links to unlink: done on the pool while
    // the seeds, pruning and the index go on.
    Future<Object> oldLatestRemoved = oldLatest == null ? null : pool.submit(() -> {
      DataStore.deleteTree(oldLatest);
      return null;
    });
    t = System.nanoTime();
    pages.prune(timeframe, settings.retainBatches(), latest);
    phase(phases, "prune", t);
    t = System.nanoTime();
    // The index is about pages/ (the seeds are not in it): written, and its fsync waited for, while
    // the seed files are still being linked.
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    BatchResult pagesDone = new BatchResult(timeframe, label, now.toString(), elapsed, total, stocks,
        failures, good, latest, List.of());
    ObjectNode index = BatchIndex.consolidated(store.read("pages/index.json").orElse(null), pagesDone);
    store.write("pages/index.json", BatchIndex.json(index));
    store.write("pages/index.html", BatchIndex.html(index));
    phase(phases, "index", t);
    t = System.nanoTime();
    List<String> seedChanges = new ArrayList<>();
    for (Future<List<String>> part : seeds) {
      seedChanges.addAll(await(part, "seed files"));
    }
    if (!seeds.isEmpty()) {
      seedRepository.syncSymbolInfo(stocks).ifPresent(seedChanges::add);
    }
    phase(phases, "seeds (after the index)", t);
    BatchResult result = new BatchResult(timeframe, label, now.toString(), elapsed, total, stocks,
        failures, good, latest, seedChanges);
    if (oldLatestRemoved != null) {
      await(oldLatestRemoved, "removing the previous latest/");
    }
    return result;
  }

  /**
   * Milliseconds per step of the last batch (convert, install, latest, prune, index, the seeds' rest),
   * for benchmarks and logs.
   */
  public Map<String, Long> lastPhases() {
    return lastPhases;
  }

  /** Files of the last batch written over a pruned batch's file rather than created ({@link StagingFolder}). */
  public int lastRecycledFiles() {
    return lastRecycledFiles;
  }

  private static void phase(Map<String, Long> phases, String name, long since) {
    phases.put(name, (System.nanoTime() - since) / 1_000_000);
  }

  private static <T> T await(Future<T> task, String what) throws IOException, InterruptedException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(what + " failed", cause);
    }
  }

  private Object convertOne(Path input, StockConverter converter, int today, StagingFolder folder,
      Path quarantine, Map<String, String> claimed) throws IOException {
    String fileName = input.getFileName().toString();
    byte[] content;
    try {
      content = Files.readAllBytes(input);
    } catch (IOException e) {
      return new FailedFile(fileName, "unreadable: " + e.getMessage());
    }
    try {
      StockConverter.Result result = converter.convert(fileName, content, today);
      String symbol = result.stock().symbol();
      String owner = claimed.putIfAbsent(symbol, fileName);
      if (owner != null) {
        throw new BadInputException("symbol " + symbol + " is already converted from " + owner);
      }
      for (Map.Entry<SeriesKind, byte[]> file : result.csv().files().entrySet()) {
        // Plain writes: the whole folder becomes visible at once by rename (PagesTree.install).
        folder.write(file.getKey().fileName(symbol), file.getValue());
      }
      return result.stock();
    } catch (BadInputException e) {
      Files.createDirectories(quarantine);
      Files.write(quarantine.resolve(safeName(fileName)), content);
      return new FailedFile(fileName, e.getMessage());
    }
  }

  private static void writeReasons(Path quarantine, List<FailedFile> failures) throws IOException {
    Files.createDirectories(quarantine);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var array = mapper.createArrayNode();
    for (FailedFile f : failures) {
      array.addObject().put("file", f.file()).put("quarantined", PagesTree.QUARANTINE + "/" + safeName(f.file()))
          .put("reason", f.reason());
    }
    Files.write(quarantine.resolve("reasons.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
  }

  private String previousLatest(Timeframe timeframe) {
    try {
      byte[] index = store.read(PagesTree.batchDir(timeframe, PagesTree.LATEST) + "/index.json").orElse(null);
      return index == null ? null
          : new com.fasterxml.jackson.databind.ObjectMapper().readTree(index).path("label").asText(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Input names come from Drive: keep them recognisable but harmless as a file name. */
  static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    // reasons.json lives next to the quarantined files; an input of that name must not replace it.
    if (safe.startsWith(".") || safe.equals("reasons.json")) {
      safe = "_" + safe;
    }
    return safe.isEmpty() ? "_" : safe;
  }
}
