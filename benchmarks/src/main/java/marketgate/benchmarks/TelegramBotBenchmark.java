package marketgate.benchmarks;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import marketgate.gateway.GatewayVerticle;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.model.DailySeries;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.bot.BotVerticle;
import marketgate.workers.scans.ScanVerticle;
import marketgate.workers.ticks.simulator.MarketSimulator;

/**
 * The Telegram bot's two figures, in one JVM with the real gateway, bot and scan worker over the
 * simulated universe (the built-in instruments, a year of simulated daily candles) and a minimal
 * Bot API server on 127.0.0.1 that notes when each message reaches it:
 *
 * <ol>
 *   <li>(second) webhook intake: N updates ({@code /help} from N chats) posted to {@code /webhooks/telegram}
 *       evenly over one second; every answer must be 200; latency percentiles of the answers;
 *   <li>(first) scan turnaround: {@code /scan X:12:9:2.5} posted to the webhook, until the result table is
 *       handed to the Bot API; the first (cold history and indicators) and then p50/p99 of the rest,
 *       one at a time, each from its own chat.
 * </ol>
 *
 * <pre>
 * ./mvnw -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar marketgate.benchmarks.TelegramBotBenchmark [updates] [scans] [text]
 * </pre>
 *
 * <p>{@code -Dbench.nobot=true} leaves the bot out; {@code -Dbench.uri=/other/route} posts the intake
 * elsewhere (a baseline of the harness itself); {@code -Dbench.connections} (default 40, Telegram's
 * default {@code max_connections}).
 */
public final class TelegramBotBenchmark {
  private static final String TOKEN = "1:benchmark";
  /** chat id -> nanoTime the result table of that chat's scan reached the Bot API. */
  private static final Map<Long, Long> TABLE_AT = new ConcurrentHashMap<>();
  /** Another route for the intake run ({@code -Dbench.uri=...}), to compare with the gateway's plain cost. */
  private static final String INTAKE_URI = System.getProperty("bench.uri", "/webhooks/telegram");

  private TelegramBotBenchmark() {}

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int scans = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String intakeText = args.length > 2 ? args[2] : "/help";
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer botApi = await(botApiServer(vertx));
      int port = freePort();
      Path dataDir = Files.createTempDirectory("bot-bench");
      MarketgateConfig config = MarketgateConfig.from(MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", dataDir.toString())
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .put("bot", new JsonObject().put("apiUrl", "http://127.0.0.1:" + botApi.actualPort())
              .put("webhookUrl", "http://127.0.0.1:" + port + "/webhooks/telegram")
              .put("limits", new JsonObject().put("queueCapacity", 100_000)))).toJson(),
          Secrets.none().with(Secrets.TELEGRAM_BOT_TOKEN, TOKEN));
      MarketClock clock = MarketClock.withBuiltInHolidays();
      Universe universe = Universe.builtIn();
      LocalDate lastDay = clock.previousTradingDay(LocalDate.now(MarketClock.IST));
      Map<String, DailySeries> history = new MarketSimulator(universe, 20261122L).history(clock, lastDay, 260);
      await(vertx.deployVerticle(new ScanVerticle(config, memory(history))));
      boolean bot = !Boolean.getBoolean("bench.nobot");
      if (bot) {
        await(vertx.deployVerticle(new BotVerticle(config, new DataStore(dataDir), clock)));
      }
      await(vertx.deployVerticle(new GatewayVerticle(config), new DeploymentOptions()));
      System.out.printf("simulated universe: %d instruments x 260 days; %d cores%n", history.size(),
          Runtime.getRuntime().availableProcessors());
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(Integer.getInteger("bench.connections", 40)));
      // Turnaround first: the intake's 1,000 replies then drain through the 30 msg/s queue for ~33 s.
      if (bot) {
        turnaround(vertx, http, port, scans);
      }
      // A warm-up second (not a new JVM's first requests: JIT and connections), then the measured one.
      intake(vertx, http, port, updates, intakeText, 0, "warm-up");
      intake(vertx, http, port, updates, intakeText, updates, "measured");
    } finally {
      await(vertx.close());
    }
  }

  private static void intake(Vertx vertx, HttpClient http, int port, int n, String text, int idBase, String label) throws Exception {
    long[] latencies = new long[n];
    int[] statuses = new int[n];
    List<Future<Void>> all = new ArrayList<>();
    io.vertx.core.Promise<Void> allSent = io.vertx.core.Promise.promise();
    long start = System.nanoTime();
    int[] next = {0};
    // Paced from an event-loop timer (a spinning sender thread would take a core from the server).
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(n, (System.nanoTime() - start) * n / 1_000_000_000L + 1);
      while (next[0] < due) {
        int k = next[0]++;
        long sent = System.nanoTime();
        all.add(post(vertx, http, port, INTAKE_URI, update(10_000_000L + idBase + k, 5_000_000L + idBase + k, text)).map(status -> {
          latencies[k] = System.nanoTime() - sent;
          statuses[k] = status;
          return null;
        }));
      }
      if (next[0] == n) {
        vertx.cancelTimer(timer);
        allSent.complete();
      }
    });
    await(allSent.future());
    long sending = System.nanoTime() - start;
    await(Future.join(all));
    long wall = sending;
    long ok = Arrays.stream(statuses).filter(s -> s == 200).count();
    Arrays.sort(latencies);
    System.out.printf("webhook intake (" + label + "): %d updates sent over %.0f ms, %d answered 200; latency p50 %.2f ms, p99 %.2f ms,"
        + " max %.2f ms%n", n, wall / 1e6, ok, pct(latencies, 50), pct(latencies, 99), latencies[n - 1] / 1e6);
  }

  private static void turnaround(Vertx vertx, HttpClient http, int port, int n) throws Exception {
    long[] took = new long[n];
    double first = 0;
    for (int i = -1; i < n; i++) {
      long chat = 7_000_000L + i + 1;
      long sent = System.nanoTime();
      await(post(vertx, http, port, update(20_000_000L + i + 1, chat, "/scan X:12:9:2.5")));
      long deadline = sent + TimeUnit.SECONDS.toNanos(60);
      while (!TABLE_AT.containsKey(chat)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no result for chat " + chat + " within 60 s");
        }
        Thread.sleep(0, 200_000);
      }
      long elapsed = TABLE_AT.get(chat) - sent;
      if (i < 0) {
        first = elapsed / 1e6;
      } else {
        took[i] = elapsed;
      }
    }
    Arrays.sort(took);
    System.out.printf("/scan X:12:9:2.5 update -> result at the Bot API: first (cold) %.0f ms; next %d: p50 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms%n", first, n, pct(took, 50), pct(took, 99), took[n - 1] / 1e6);
  }

  /** Answers every Bot API method as Telegram does and notes when a scan's result table arrives. */
  private static Future<HttpServer> botApiServer(Vertx vertx) {
    long[] messageId = {1};
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      long at = System.nanoTime();
      String method = req.path().substring(req.path().lastIndexOf('/') + 1);
      JsonObject params = body.length() > 0 && body.getByte(0) == '{' ? body.toJsonObject() : new JsonObject();
      Object result = Boolean.TRUE;
      if (method.equals("sendMessage") || method.equals("sendDocument") || method.equals("editMessageText")) {
        String text = params.getString("text", "");
        if (text.contains("X:12:9:2.5") && (text.contains("<pre>") || text.contains("Nothing qualifies"))) {
          TABLE_AT.putIfAbsent(Long.parseLong(String.valueOf(params.getValue("chat_id"))), at);
        }
        result = new JsonObject().put("message_id", messageId[0]++).put("date", System.currentTimeMillis() / 1000);
      }
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("ok", true).put("result", result).encode());
    })).listen(0, "127.0.0.1");
  }

  private static Future<Integer> post(Vertx vertx, HttpClient http, int port, JsonObject update) {
    return post(vertx, http, port, "/webhooks/telegram", update);
  }

  /**
   * Sent from a Vert.x context: from the main thread, {@code send().compose(body)} can ask for the
   * body while the event loop already delivers it, and miss its end (the request never completes).
   */
  private static Future<Integer> post(Vertx vertx, HttpClient http, int port, String uri, JsonObject update) {
    Promise<Integer> status = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> http.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(port).setURI(uri).putHeader("content-type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(update.encode())))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(status));
    return status.future();
  }

  private static JsonObject update(long id, long chat, String text) {
    return new JsonObject().put("update_id", id).put("message", new JsonObject().put("message_id", id)
        .put("date", System.currentTimeMillis() / 1000).put("text", text)
        .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "Bench"))
        .put("chat", new JsonObject().put("id", chat).put("type", text.startsWith("/") ? "private" : "group")));
  }

  private static DailyHistory memory(Map<String, DailySeries> series) {
    LocalDate latest = series.values().stream().map(DailySeries::lastDate).max(LocalDate::compareTo).orElseThrow();
    return new DailyHistory() {
      @Override
      public Map<String, DailySeries> loadAll(int days, LocalDate asOf) {
        return series;
      }

      @Override
      public Optional<DailySeries> load(String symbol, int days, LocalDate asOf) {
        return Optional.ofNullable(series.get(symbol));
      }

      @Override
      public Optional<LocalDate> latestDate() {
        return Optional.of(latest);
      }
    };
  }

  private static double pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
