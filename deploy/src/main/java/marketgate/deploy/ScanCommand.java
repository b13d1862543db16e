package marketgate.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.telegram.TelegramLimits;
import marketgate.workers.bot.ScanReplies;
import marketgate.workers.scans.ScanJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Run one PKScreener-style scan over the daily history; a table on stdout or CSV to a file.")
final class ScanCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Option(names = "--code", required = true, paramLabel = "CODE", description = "scan code, e.g. X:12:7:4 or X_12_9_2.5")
  String code;

  @Option(names = "--out", paramLabel = "FILE", description = "write CSV here instead of a table on stdout")
  Path out;

  @Option(names = "--telegram-chat", paramLabel = "CHAT_ID",
      description = "also send the result to this Telegram chat (needs TELEGRAM_BOT_TOKEN; bot.apiUrl)")
  String telegramChat;

  @Override
  public Integer call() throws Exception {
    var config = options.load();
    if (telegramChat != null && !config.secrets().has(Secrets.TELEGRAM_BOT_TOKEN)) {
      throw new IllegalArgumentException("--telegram-chat needs the bot token in " + Secrets.TELEGRAM_BOT_TOKEN);
    }
    AtomicReference<JsonObject> reply = new AtomicReference<>();
    int code;
    if (remote.remote()) {
      code = remote.submit("scan", new JsonObject().put("code", this.code), (result, stdout, stderr) -> {
        reply.set(result.getJsonObject("scan"));
        return out == null ? print(reply.get(), stdout) : ScanJob.writeCsv(reply.get(), out, stdout);
      });
    } else {
      // The history role seeds a fresh database from the simulator, so a scan works on a new machine.
      code = JobNode.run(config, EnumSet.of(Role.HISTORY), node -> {
        ScanJob job = new ScanJob(node.vertx(), config, node.history());
        int exit = job.run(this.code, out, System.out, System.err);
        reply.set(job.lastReply());
        return exit;
      });
    }
    return code == ScanJob.OK && telegramChat != null && reply.get() != null ? sendToTelegram(config, reply.get()) : code;
  }

  private static int print(JsonObject reply, PrintStream stdout) {
    ScanJob.print(reply, stdout);
    return ScanJob.OK;
  }

  /**
   * The scan.yml workflow's answer to the chat that asked, in the bot's own format: the HTML table
   * split on row boundaries, and past {@code bot.maxInlineRows} rows the whole result as a CSV.
   */
  private int sendToTelegram(MarketgateConfig config, JsonObject reply) throws Exception {
    Vertx vertx = Vertx.vertx();
    TelegramClient telegram = new TelegramClient(vertx, config.bot().apiUrl(),
        config.secrets().get(Secrets.TELEGRAM_BOT_TOKEN).orElseThrow(), TelegramLimits.of(config.bot().limits()));
    try {
      ScanReplies.send(telegram, telegramChat, reply, config.bot().maxInlineRows(), Instant.now())
          .toCompletionStage().toCompletableFuture().get();
      return ScanJob.OK;
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("scan: sending to Telegram chat " + telegramChat + " failed: " + e.getCause().getMessage());
      return ScanJob.FAILED;
    } finally {
      telegram.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get();
    }
  }
}
