package marketgate.deploy;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.workers.bluedot.drive.DriveSyncVerticle;
import io.vertx.ext.web.client.WebClient;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.job.BlueDotJob;
import marketgate.workers.bluedot.notify.BatchNotifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bluedot", mixinStandardHelpOptions = true,
    description = "Convert a BlueDot batch (MarketSmith JSON per stock) into Pine Seeds CSVs under pages/ and seeds/.")
final class BlueDotCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Option(names = "--timeframe", required = true, paramLabel = "daily|weekly", description = "batch timeframe")
  String timeframe;

  @Option(names = "--date", required = true, paramLabel = "DATE",
      description = "YYYY-MM-DD (daily) or YYYY-Www / any date of the week (weekly)")
  String date;

  @Option(names = "--input", paramLabel = "DIR", description = "local folder of <SYM>_<timeframe>.json files")
  Path input;

  @Option(names = "--from-drive", description = "download the batch from the Drive folder (bluedot.folderId) instead")
  boolean fromDrive;

  @Override
  public Integer call() throws Exception {
    if ((input == null) == !fromDrive) {
      throw new IllegalArgumentException("give exactly one of --input DIR or --from-drive");
    }
    if (remote.remote()) {
      JsonObject args = new JsonObject().put("timeframe", timeframe).put("date", date);
      return remote.submit("bluedot", input == null ? args.put("fromDrive", true) : args.put("input", input.toString()),
          RemoteJob.CAPTURED);
    }
    MarketgateConfig config = options.load();
    if (input != null) {
      BlueDotJob job = BlueDotJob.fromConfig(config);
      int code = job.run(timeframe, date, input, System.out, System.err, System.console() != null);
      if (job.lastResult() != null) {
        notify(config, job.lastResult());
      }
      return code;
    }
    return fromDrive(config);
  }

  /** Tells the configured webhook / Telegram admin chat how the batch went (as the Drive worker does). */
  private static void notify(MarketgateConfig config, BatchResult result) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      BatchNotifier notifier = BatchNotifier.fromConfig(vertx, WebClient.create(vertx), config);
      if (notifier.enabled()) {
        notifier.notify(result).toCompletionStage().toCompletableFuture().get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("bluedot: notification failed: " + e.getCause().getMessage());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** The same path the worker takes on a Drive notification: download, check, convert. */
  private int fromDrive(MarketgateConfig config) throws Exception {
    Vertx vertx = Vertx.vertx(); // a job needs no metrics endpoint
    try {
      JsonObject result = vertx.deployVerticle(new DriveSyncVerticle(config),
              new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
          .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.BLUEDOT_CONVERT,
              new JsonObject().put("timeframe", timeframe).put("date", date),
              new DeliveryOptions().setSendTimeout(BlueDotJob.DRIVE_TIMEOUT_MILLIS)))
          .map(message -> message.body())
          .toCompletionStage().toCompletableFuture().get();
      System.out.println(result.encodePrettily());
      return result.getBoolean("good", false) ? BlueDotJob.OK : BlueDotJob.BATCH_NOT_GOOD;
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("bluedot: " + e.getCause().getMessage());
      return BlueDotJob.BATCH_NOT_GOOD;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
