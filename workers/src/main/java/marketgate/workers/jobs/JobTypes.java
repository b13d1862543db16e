package marketgate.workers.jobs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.workers.bluedot.convert.Timeframe;
import marketgate.workers.bluedot.job.BlueDotJob;
import marketgate.workers.bluedot.notify.BatchNotifier;
import marketgate.workers.history.ImportCsvJob;
import marketgate.workers.history.ImportTicksJob;
import marketgate.workers.history.SqliteDailyHistory;
import marketgate.workers.publish.PublishSnapshotJob;
import marketgate.workers.scans.ScanCodeException;
import marketgate.workers.scans.ScanCodeParser;

/**
 * The jobs of {@code POST /api/v1/jobs}, each the same code as its {@code marketgate job} command:
 * the arguments are checked here, on the node that has the role, before anything is deployed.
 * Paths in arguments are paths on that node.
 */
public final class JobTypes {
  private JobTypes() {}

  private record Type(String name, Function<JsonObject, JobVerticle> factory) implements JobType {
    @Override
    public JobVerticle create(JsonObject args) {
      return factory.apply(args);
    }
  }

  /** {@code {"code": "X:12:9:2.5"}}: a scan by the running scan workers. */
  public static JobType scan(MarketgateConfig config) {
    ScanCodeParser parser = new ScanCodeParser();
    return new Type("scan", json -> {
      String code = new JobArgs(json).only("code").required("code", "X:12:9:2.5");
      try {
        parser.parse(code);
      } catch (ScanCodeException e) {
        throw new JobArgumentException("code", e.getMessage());
      }
      return new ScanJobVerticle(code, config.scans().timeoutMillis());
    });
  }

  /**
   * {@code {"timeframe": "daily"|"weekly", "date", "input": DIR}} or {@code "fromDrive": true}
   * instead of {@code input}: one BlueDot batch; never two of one timeframe and date at once.
   */
  public static JobType bluedot(MarketgateConfig config) {
    return new Type("bluedot", json -> {
      JobArgs args = new JobArgs(json).only("timeframe", "date", "input", "fromDrive");
      Timeframe timeframe;
      try {
        timeframe = Timeframe.parse(args.required("timeframe", "daily"));
      } catch (IllegalArgumentException e) {
        throw new JobArgumentException("timeframe", e.getMessage());
      }
      String date = args.required("date", "2024-08-02");
      String label;
      try {
        label = timeframe.label(date);
      } catch (IllegalArgumentException e) {
        throw new JobArgumentException("date", e.getMessage());
      }
      String input = args.optional("input");
      boolean fromDrive = args.flag("fromDrive");
      if ((input == null) == !fromDrive) {
        throw new JobArgumentException("input", "give exactly one of \"input\": DIR or \"fromDrive\": true");
      }
      String key = "bluedot:" + timeframe.folder() + " " + label;
      if (fromDrive) {
        return new BusJobVerticle(Addresses.BLUEDOT_CONVERT,
            new JsonObject().put("timeframe", timeframe.folder()).put("date", date), BlueDotJob.DRIVE_TIMEOUT_MILLIS,
            "no BlueDot Drive worker is running (the bluedot role with bluedot.folderId set)",
            (reply, out, err) -> {
              out.println(reply.encodePrettily());
              return reply.getBoolean("good", false) ? BlueDotJob.OK : BlueDotJob.BATCH_NOT_GOOD;
            }, key);
      }
      Path folder = Path.of(input);
      if (!Files.isDirectory(folder)) {
        throw new JobArgumentException("input", "'" + input + "' is not a folder on the node that runs bluedot jobs");
      }
      return new CliJobVerticle((out, err, job) -> convert(config, job, timeframe.folder(), date, folder, out, err), key);
    });
  }

  private static int convert(MarketgateConfig config, CliJobVerticle verticle, String timeframe, String date, Path input,
      java.io.PrintStream out, java.io.PrintStream err) throws Exception {
    BlueDotJob job = BlueDotJob.fromConfig(config).withProgress(verticle::fileDone);
    int code = job.run(timeframe, date, input, out, err, false);
    if (job.lastResult() != null) {
      // Closed here: a client left for the garbage collector gets a 30 s graceful shutdown from
      // Vert.x's cleaner, which a node's close then waits out.
      WebClient web = WebClient.create(verticle.vertx());
      try {
        BatchNotifier notifier = BatchNotifier.fromConfig(verticle.vertx(), web, config);
        if (notifier.enabled()) {
          notifier.notify(job.lastResult()).toCompletionStage().toCompletableFuture().get();
        }
      } catch (java.util.concurrent.ExecutionException e) {
        err.println("bluedot: notification failed: " + e.getCause().getMessage());
      } finally {
        web.close();
      }
    }
    return code;
  }

  /** {@code {}}: publish a snapshot of the live candle store now, to {@code publish.targets}. */
  public static JobType publishSnapshot(MarketgateConfig config) {
    return new Type("publish-snapshot", json -> {
      new JobArgs(json).only();
      return new BusJobVerticle(Addresses.PUBLISH_NOW, new JsonObject(), 5 * 60_000L,
          "no publisher is running (the publish role, beside ticks)",
          (reply, out, err) -> {
            out.println(PublishSnapshotJob.summary(reply, config.publish().targets()));
            return 0;
          }, null);
    });
  }

  /** {@code {"file": "ticks.json"}}: a day snapshot into the daily history. */
  public static JobType importTicks(SqliteDailyHistory history) {
    return new Type("import-ticks", json -> {
      Path file = Path.of(new JobArgs(json).only("file").required("file", "/data/ticks.json"));
      return new CliJobVerticle((out, err, job) -> new ImportTicksJob(history, out, err).run(file), null);
    });
  }

  /** {@code {"files": [...], "symbol"}}: daily OHLCV CSVs into the daily history. */
  public static JobType importCsv(SqliteDailyHistory history) {
    return new Type("import-csv", json -> {
      JobArgs args = new JobArgs(json).only("files", "symbol");
      List<Path> files = args.strings("files", "/data/SBIN.csv").stream().map(Path::of).toList();
      String symbol = args.optional("symbol");
      return new CliJobVerticle((out, err, job) -> new ImportCsvJob(history, symbol, out, err).run(files), null);
    });
  }


  /**
   * {@code {}}: the monitor worker runs every check now ({@code monitor.check}) and answers its
   * status; the job succeeds when it says {@code "healthy": true} (no open incident).
   */
  public static JobType monitor(long timeoutMillis) {
    return new Type("monitor", json -> {
      new JobArgs(json).only();
      return new BusJobVerticle(Addresses.MONITOR_CHECK, new JsonObject(), timeoutMillis,
          "no monitor worker is running", (reply, out, err) -> {
            out.println(reply.encodePrettily());
            return reply.getBoolean("healthy", false) ? 0 : 1;
          }, null);
    });
  }
}
