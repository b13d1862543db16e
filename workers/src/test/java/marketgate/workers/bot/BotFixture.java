package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import marketgate.shared.time.DrivenClock;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.model.DailySeries;
import marketgate.shared.store.DataStore;
import marketgate.shared.telegram.BotApiServer;
import marketgate.shared.time.MarketClock;
import marketgate.workers.scans.ScanVerticle;
import marketgate.workers.scans.rules.SeriesBuilder;

/**
 * A bot under test: the real {@link BotVerticle} and {@link ScanVerticle} over daily history held in
 * memory, talking to a {@link BotApiServer} on 127.0.0.1 (polling mode unless told otherwise).
 */
final class BotFixture {
  static final String TOKEN = "123456:test-token";
  /** Sunday 2026-11-22 12:00 IST: market closed. */
  static final Instant CLOSED = Instant.parse("2026-11-22T06:30:00Z");
  /** Friday 2026-11-20 11:00 IST: market open. */
  static final Instant OPEN = Instant.parse("2026-11-20T05:30:00Z");

  final Vertx vertx;
  final BotApiServer api;
  final MarketgateConfig config;
  final DrivenClock clock;
  private final AtomicLong nextUpdate = new AtomicLong(1000);
  private String botDeployment;
  BotVerticle bot;

  private BotFixture(Vertx vertx, BotApiServer api, MarketgateConfig config, DrivenClock clock) {
    this.vertx = vertx;
    this.api = api;
    this.config = config;
    this.clock = clock;
  }

  /** Starts the API server, the scan worker over {@code history} and the bot with these bot settings. */
  static Future<BotFixture> start(Vertx vertx, Path dataDir, JsonObject bot, DailyHistory history, Instant now) {
    return start(vertx, dataDir, bot, history, now, api -> {});
  }

  /** As above, scripting the API server (e.g. failures) before the bot starts. */
  static Future<BotFixture> start(Vertx vertx, Path dataDir, JsonObject bot, DailyHistory history, Instant now,
      java.util.function.Consumer<BotApiServer> before) {
    return BotApiServer.start(vertx).onSuccess(before::accept).compose(api -> {
      JsonObject botSection = new JsonObject().put("apiUrl", api.baseUrl()).put("pollTimeoutSeconds", 2).mergeIn(bot);
      MarketgateConfig config = MarketgateConfig.from(MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", dataDir.toString()).put("bot", botSection)).toJson(), Secrets.none()
          .with(Secrets.TELEGRAM_BOT_TOKEN, TOKEN));
      BotFixture fixture = new BotFixture(vertx, api, config, new DrivenClock(now));
      return vertx.deployVerticle(new ScanVerticle(config, history, fixture.clock))
          .compose(id -> fixture.startBot()).map(fixture);
    });
  }

  Future<Void> startBot() {
    DataStore store;
    try {
      store = new DataStore(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bot = new BotVerticle(config, store, MarketClock.withBuiltInHolidays(), clock);
    return vertx.deployVerticle(bot).onSuccess(id -> botDeployment = id).mapEmpty();
  }

  Future<Void> stopBot() {
    return vertx.undeploy(botDeployment);
  }

  /** A user's text message as Telegram sends it, pushed to getUpdates; its update_id. */
  long say(long chat, String text) {
    return api.pushUpdate(message(nextUpdate.incrementAndGet(), chat, text));
  }

  static JsonObject message(long updateId, long chat, String text) {
    return new JsonObject().put("update_id", updateId).put("message", new JsonObject()
        .put("message_id", updateId).put("date", 1_763_600_000L).put("text", text)
        .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "Asha"))
        .put("chat", new JsonObject().put("id", chat).put("type", "private")));
  }

  static JsonObject callback(long updateId, long chat, long messageId, String data) {
    return new JsonObject().put("update_id", updateId).put("callback_query", new JsonObject()
        .put("id", "cb" + updateId).put("data", data)
        .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "Asha"))
        .put("message", new JsonObject().put("message_id", messageId)
            .put("chat", new JsonObject().put("id", chat).put("type", "private"))));
  }

  long press(long chat, long messageId, String data) {
    return api.pushUpdate(callback(nextUpdate.incrementAndGet(), chat, messageId, data));
  }

  /** The texts of the first n sendMessage calls to any chat. */
  Future<List<String>> texts(int n) {
    return api.awaitCalls("sendMessage", n, Duration.ofSeconds(30))
        .map(calls -> calls.stream().map(c -> c.params().getString("text")).toList());
  }

  Future<JsonObject> status() {
    return vertx.eventBus().<JsonObject>request(Addresses.BOT_STATUS, new JsonObject()).map(Message::body);
  }

  /** Waits until bot.status satisfies the condition (30 s), polling. */
  Future<JsonObject> statusWhen(java.util.function.Predicate<JsonObject> condition) {
    io.vertx.core.Promise<JsonObject> done = io.vertx.core.Promise.promise();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    vertx.setPeriodic(20, id -> status().onSuccess(s -> {
      if (condition.test(s)) {
        vertx.cancelTimer(id);
        done.tryComplete(s);
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("bot.status never matched; last: " + s.encode());
      }
    }));
    return done.future();
  }

  /** Daily history held in memory: flat series, today's volume raised for the given symbols. */
  static DailyHistory history(List<String> symbols, List<String> spiking) {
    Map<String, DailySeries> series = new HashMap<>();
    for (String symbol : symbols) {
      SeriesBuilder b = SeriesBuilder.flat(symbol, 260, 100 + symbol.length(), 100_000);
      if (spiking.contains(symbol)) {
        b.volume(0, 400_000);
      }
      series.put(symbol, b.build());
    }
    return new DailyHistory() {
      @Override
      public Map<String, DailySeries> loadAll(int days, LocalDate asOf) {
        return Map.copyOf(series);
      }

      @Override
      public Optional<DailySeries> load(String symbol, int days, LocalDate asOf) {
        return Optional.ofNullable(series.get(symbol));
      }

      @Override
      public Optional<LocalDate> latestDate() {
        return series.values().stream().map(DailySeries::lastDate).max(LocalDate::compareTo);
      }
    };
  }
}
