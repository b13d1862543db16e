package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job scan --gateway URL} against a running system prints the rows {@code job scan} prints in
 * its own JVM, over the same daily history: the real jar, as a workflow runs it.
 */
class JobsCliIT {
  private static final String TOKEN = "jobs-cli-it-token-93ab";
  private static final String CODE = "X:12:5:0:100";

  @TempDir Path dir;

  /** One finished {@code java -jar marketgate.jar ...}: exit code, stdout and stderr apart. */
  record Run(int exit, String stdout, String stderr) {}

  private Run job(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", ChildProcess.JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out-", ".txt");
    Path err = Files.createTempFile(dir, "err-", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("MARKETGATE_API_TOKEN");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("job did not end in 120 s: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The table job scan prints: its header line and rows (the jar also logs to stdout around it). */
  private static List<String> rows(String stdout) {
    List<String> lines = List.of(stdout.split("\n"));
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("symbol ")).findFirst()
        .orElseThrow(() -> new AssertionError("no table in:\n" + stdout)));
    List<String> table = new ArrayList<>();
    for (String line : lines.subList(header, lines.size())) {
      if (line.startsWith(CODE + ": ")) {
        break;
      }
      table.add(line);
    }
    return table;
  }

  /** The summary line without its timing ("..., 12 ms"), the one part that may differ. */
  private static String summary(String stdout) {
    return stdout.lines().filter(l -> l.startsWith(CODE + ": ")).findFirst()
        .orElseThrow(() -> new AssertionError("no summary in:\n" + stdout)).replaceAll(", \\d+ ms$", "");
  }

  @Test
  void jobScanThroughTheGatewayPrintsTheRowsOfTheLocalJobScan() throws Exception {
    Path data = dir.resolve("data");
    Map<String, String> env = new HashMap<>(Map.of("MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "120"));
    // In a fresh JVM: seeds the daily history of the data directory, then scans it.
    Run local = job(env, "job", "scan", "--code", CODE, "--data-dir", data.toString());
    assertEquals(0, local.exit(), local.stderr() + local.stdout());

    // The running system over the same history, with no tick source so no live candle changes a row.
    env.put("MARKETGATE_TICKS_SOURCE", "none");
    Map<String, String> serverEnv = new HashMap<>(env);
    serverEnv.put("MARKETGATE_API_TOKEN", TOKEN);
    int port = ChildProcess.freePort();
    try (ChildProcess system = ChildProcess.start(dir, serverEnv, port, "run", "--port", String.valueOf(port),
        "--data-dir", data.toString())) {
      system.awaitReady(Duration.ofSeconds(90));
      String gateway = "http://127.0.0.1:" + port;
      env.put("MARKETGATE_API_TOKEN", TOKEN);

      Run remote = job(env, "job", "scan", "--code", CODE, "--gateway", gateway);
      assertEquals(0, remote.exit(), remote.stderr() + remote.stdout());
      List<String> localRows = rows(local.stdout());
      assertTrue(localRows.size() > 10, "RSI 0..100 matches every stock past the price and volume filters: " + localRows);
      assertEquals(localRows, rows(remote.stdout()));
      assertEquals(summary(local.stdout()), summary(remote.stdout()));
      // Nothing but the result on stdout; the job's progress went to stderr, the token nowhere.
      assertEquals(String.join("\n", localRows) + "\n" + summary(local.stdout()),
          remote.stdout().strip().replaceAll(", \\d+ ms$", ""));
      assertTrue(remote.stderr().contains("succeeded"), remote.stderr());
      assertFalse(remote.stderr().contains(TOKEN) || remote.stdout().contains(TOKEN));

      Run badCode = job(env, "job", "scan", "--code", "X:99:9", "--gateway", gateway);
      assertEquals(2, badCode.exit(), badCode.stderr());
      assertTrue(badCode.stderr().contains("args.code"), badCode.stderr());

      // scan.yml: the result also goes to the chat that asked, through the Bot API (a local stand-in).
      HttpServer telegram = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      List<String> sent = new CopyOnWriteArrayList<>();
      telegram.createContext("/", exchange -> {
        sent.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(),
            StandardCharsets.UTF_8));
        byte[] ok = "{\"ok\":true,\"result\":{\"message_id\":1}}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
        exchange.close();
      });
      telegram.start();
      try {
        Map<String, String> bot = new HashMap<>(env);
        bot.put("TELEGRAM_BOT_TOKEN", "123:test");
        bot.put("MARKETGATE_BOT_API_URL", "http://127.0.0.1:" + telegram.getAddress().getPort());
        Run toChat = job(bot, "job", "scan", "--code", CODE, "--telegram-chat", "4242", "--gateway", gateway);
        assertEquals(0, toChat.exit(), toChat.stderr());
        // The bot's own format: an HTML table (a CSV document follows past bot.maxInlineRows).
        assertTrue(!sent.isEmpty() && sent.get(0).startsWith("/bot123:test/sendMessage "), sent.toString());
        JsonObject message = new JsonObject(sent.get(0).substring(sent.get(0).indexOf(' ') + 1));
        assertEquals("4242", message.getString("chat_id"));
        assertEquals("HTML", message.getString("parse_mode"));
        assertTrue(message.getString("text").contains(CODE), message.getString("text"));
        String firstSymbol = localRows.get(1).strip().split("\\s+")[0];
        assertTrue(message.getString("text").contains(firstSymbol), "the first row is in the message: " + firstSymbol);
      } finally {
        telegram.stop(0);
      }

      Map<String, String> wrongToken = new HashMap<>(env);
      wrongToken.put("MARKETGATE_API_TOKEN", "not-the-token");
      Run refused = job(wrongToken, "job", "scan", "--code", CODE, "--gateway", gateway);
      assertEquals(1, refused.exit(), refused.stderr());
      assertTrue(refused.stderr().contains("(401)"), refused.stderr());
    }
  }
}
