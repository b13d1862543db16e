package marketgate.workers.scans;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.store.DataStore;

/**
 * {@code marketgate job scan --code X:12:7:4 [--out results.csv]}: deploys a scan worker, runs one
 * scan through the bus (the same path as the API), writes CSV to a file or a table to stdout, and
 * answers an exit code: 0 done, 2 bad code (message on stderr), 1 anything else.
 */
public final class ScanJob {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_CODE = 2;

  private final Vertx vertx;
  private final MarketgateConfig config;
  private final DailyHistory history;
  private volatile JsonObject lastReply;

  public ScanJob(Vertx vertx, MarketgateConfig config, DailyHistory history) {
    this.vertx = vertx;
    this.config = config;
    this.history = history;
  }

  /** Blocks until done: call from the CLI's main thread, never from an event loop. */
  public int run(String code, Path out, PrintStream stdout, PrintStream stderr) {
    try {
      return runAsync(code, out, stdout, stderr).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      stderr.println("scan failed: " + e.getMessage());
      return FAILED;
    }
  }

  public Future<Integer> runAsync(String code, Path out, PrintStream stdout, PrintStream stderr) {
    return vertx.deployVerticle(new ScanVerticle(config, history)).compose(deployment ->
        vertx.eventBus().<JsonObject>request(Addresses.SCANS_RUN, new JsonObject().put("code", code),
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(config.scans().timeoutMillis()))
            .compose(reply -> write(reply.body(), out, stdout))
            .recover(e -> Future.succeededFuture(report(e, stderr)))
            .eventually(() -> vertx.undeploy(deployment)));
  }

  /** The scan's reply ({@code scans.run}) of the last successful run, or null. */
  public JsonObject lastReply() {
    return lastReply;
  }

  private Future<Integer> write(JsonObject reply, Path out, PrintStream stdout) {
    lastReply = reply;
    if (out == null) {
      print(reply, stdout);
      return Future.succeededFuture(OK);
    }
    return vertx.executeBlocking(() -> writeCsv(reply, out, stdout));
  }

  /**
   * The table and summary of a {@code scans.run} reply, as {@code job scan} prints them (also for a
   * scan run on a running system, {@code job scan --gateway}).
   */
  public static void print(JsonObject reply, PrintStream stdout) {
    stdout.print(ScanRowFormat.toTable(rows(reply)));
    stdout.println(summary(reply));
  }

  /** {@code job scan --out FILE}: the rows as CSV into the file (blocking), the summary on stdout. */
  public static int writeCsv(JsonObject reply, Path out, PrintStream stdout) throws java.io.IOException {
    Path absolute = out.toAbsolutePath();
    new DataStore(absolute.getParent()).write(absolute.getFileName().toString(),
        ScanRowFormat.toCsv(rows(reply)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    stdout.println(summary(reply) + " -> " + out);
    return OK;
  }

  private static List<ScanRow> rows(JsonObject reply) {
    return reply.getJsonArray("rows").stream().map(o -> ScanRowFormat.fromJson((JsonObject) o)).toList();
  }

  private static String summary(JsonObject reply) {
    return reply.getString("code") + ": " + reply.getJsonArray("rows").size() + " of " + reply.getInteger("scanned")
        + " symbols, data of " + reply.getString("data_date") + (reply.getBoolean("live") ? " (live)" : "")
        + ", " + reply.getLong("took_ms") + " ms";
  }

  /** The exit code of a failed scan request, with its message on stderr. */
  public static int report(Throwable e, PrintStream stderr) {
    if (e instanceof ReplyException r && r.failureCode() == 400) {
      stderr.println("bad scan code: " + r.getMessage());
      return BAD_CODE;
    }
    stderr.println("scan failed: " + e.getMessage());
    return FAILED;
  }
}
