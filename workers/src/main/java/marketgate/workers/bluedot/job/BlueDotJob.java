package marketgate.workers.bluedot.job;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import marketgate.workers.bluedot.convert.BatchConverter;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.BatchSettings;
import marketgate.workers.bluedot.convert.FailedFile;
import marketgate.workers.bluedot.convert.Timeframe;
import marketgate.workers.bluedot.seeds.SeedPublisher;

/**
 * {@code marketgate job bluedot --timeframe daily --date 2024-08-02 --input DIR}: converts a local
 * folder of MarketSmith files into the data layer, for GitHub workflows and people. The CLI layer
 * parses options and calls {@link #run}; the exit code says how it went.
 */
public final class BlueDotJob {
  /** Batch converted and good: {@code latest/} moved. */
  public static final int OK = 0;
  /** Batch below {@code bluedot.goodBatchShare}, or the conversion failed. */
  public static final int BATCH_NOT_GOOD = 1;
  /** Wrong timeframe, date or input folder. */
  public static final int BAD_ARGUMENTS = 2;

  private final Path dataDir;
  private final BatchSettings settings;
  private final Clock clock;
  private final int threads;

  /** How long a Drive batch (download, check, convert) may take before the job gives up waiting. */
  public static final long DRIVE_TIMEOUT_MILLIS = 15 * 60_000L;

  private SeedPublisher seeds;
  private BatchConverter.Progress listener;
  private BatchResult lastResult;

  public BlueDotJob(Path dataDir, BatchSettings settings, Clock clock, int threads) {
    this.dataDir = dataDir;
    this.settings = settings;
    this.clock = clock;
    this.threads = Math.max(1, threads);
  }

  /**
   * The job as configured: the data directory, the batch settings, a thread per core and, when
   * {@code bluedot.seedRemote} is set, the seed publisher.
   */
  public static BlueDotJob fromConfig(MarketgateConfig config) throws IOException {
    BlueDotJob job = new BlueDotJob(config.dataDir(), BatchSettings.from(config.bluedot()), Clock.systemUTC(),
        Runtime.getRuntime().availableProcessors());
    SeedPublisher.fromConfig(config, new DataStore(config.dataDir())).ifPresent(job::withSeedPublisher);
    return job;
  }

  /** Also tell {@code listener} of each file done (the jobs API records it as the job's progress). */
  public BlueDotJob withProgress(BatchConverter.Progress listener) {
    this.listener = listener;
    return this;
  }

  /** Also push the changed seed files of a good batch to the seed repository. */
  public BlueDotJob withSeedPublisher(SeedPublisher publisher) {
    this.seeds = publisher;
    return this;
  }

  /** Runs the job; {@code terminal} chooses the redrawn bar ({@code System.console() != null}). */
  public int run(String timeframeText, String dateText, Path input, PrintStream out, PrintStream err,
      boolean terminal) {
    Timeframe timeframe;
    String label;
    try {
      timeframe = Timeframe.parse(timeframeText);
      label = timeframe.label(dateText);
    } catch (IllegalArgumentException e) {
      err.println("bluedot: " + e.getMessage());
      return BAD_ARGUMENTS;
    }
    if (input == null || !Files.isDirectory(input)) {
      err.println("bluedot: --input '" + input + "' is not a folder");
      return BAD_ARGUMENTS;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bluedot-convert");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Path> files = BatchConverter.jsonFiles(input);
      out.println("bluedot: converting " + files.size() + " " + timeframe.folder() + " files for " + label
          + " from " + input);
      BatchConverter converter = new BatchConverter(new DataStore(dataDir), settings, pool, clock);
      ProgressReporter reporter = new ProgressReporter(out, terminal);
      BatchConverter.Progress progress = listener == null ? reporter : (done, total) -> {
        reporter.fileDone(done, total);
        listener.fileDone(done, total);
      };
      BatchResult result = converter.convert(timeframe, label, files, progress);
      lastResult = result;
      out.println(summary(result));
      for (FailedFile failed : result.failures()) {
        out.println("  failed " + failed.file() + ": " + failed.reason());
      }
      if (seeds != null && result.good() && !result.seedChanges().isEmpty()) {
        List<String> commits = seeds.publish(result.seedChanges(), "BlueDot " + timeframe.folder() + " " + label);
        out.println("bluedot: pushed " + result.seedChanges().size() + " seed files in " + commits.size() + " commits");
      }
      return result.good() ? OK : BATCH_NOT_GOOD;
    } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
      err.println("bluedot: conversion failed: " + e.getMessage());
      return BATCH_NOT_GOOD;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("bluedot: interrupted");
      return BATCH_NOT_GOOD;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The result of the last conversion, or null when none ran (bad arguments, IO failure). */
  public BatchResult lastResult() {
    return lastResult;
  }

  static String summary(BatchResult r) {
    return "bluedot: " + r.converted() + " of " + r.totalFiles() + " files converted, "
        + r.failures().size() + " failed, in " + r.elapsedMillis() + " ms; "
        + r.latestOutcome()
        + (r.seedChanges().isEmpty() ? "" : "; " + r.seedChanges().size() + " seed files changed");
  }
}
