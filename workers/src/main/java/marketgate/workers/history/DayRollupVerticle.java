package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import marketgate.shared.bus.Addresses;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-of-day rollup, a cluster singleton among the history nodes: answers
 * {@link Addresses#HISTORY_ROLLUP_DAY} with a closed day's candles, found once and handed to every
 * history node that asks, so they all store the same bars. A day this node's own history already has
 * is answered from it (also after a failover: the new holder is a history node that stored the day);
 * else the {@link DayCandlesFinder} looks for it, once however many nodes ask at the same time.
 */
public final class DayRollupVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DayRollupVerticle.class);
  /** Days whose candles stay in memory for the nodes that ask late (each about 80 bytes a symbol). */
  static final int KEPT_DAYS = 8;
  /** How long a history node waits for the rollup node (the engine has 10 s of it). */
  static final long REQUEST_TIMEOUT_MILLIS = 60_000;

  private final SqliteDailyHistory history;
  private final MarketClock market;
  private final Clock clock;
  private final DataStore dataStore;
  private DayCandlesFinder finder;
  private MessageConsumer<JsonObject> consumer;
  /** Found days and finds under way, newest last; a find that found nothing is not kept. */
  private final Map<LocalDate, Future<DayCandles>> days = new LinkedHashMap<>();

  /** @param dataStore where the published snapshots are, or null when this node has no data directory */
  public DayRollupVerticle(SqliteDailyHistory history, MarketClock market, Clock clock, DataStore dataStore) {
    this.history = history;
    this.market = market;
    this.clock = clock;
    this.dataStore = dataStore;
  }

  /** How a history node asks the rollup node; no rollup node or nothing found yet: empty or failed. */
  static Function<LocalDate, Future<DayCandles>> requests(Vertx vertx) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS);
    return day -> vertx.eventBus().<JsonObject>request(Addresses.HISTORY_ROLLUP_DAY,
            new JsonObject().put("date", day.toString()), options)
        .map(reply -> DayCandles.fromJson(reply.body()))
        .recover(e -> e instanceof ReplyException r && r.failureCode() == 404
            ? Future.succeededFuture(DayCandles.none(day)) : Future.failedFuture(e));
  }

  @Override
  public Future<?> start() {
    finder = new DayCandlesFinder(vertx, clock, dataStore == null ? null : new PublishedDayCandles(dataStore));
    consumer = vertx.eventBus().consumer(Addresses.HISTORY_ROLLUP_DAY, this::answer);
    return consumer.completion();
  }

  private void answer(Message<JsonObject> message) {
    LocalDate day;
    try {
      day = LocalDate.parse(message.body() == null ? "" : message.body().getString("date", ""));
    } catch (DateTimeParseException | ClassCastException e) {
      message.fail(400, "give a date YYYY-MM-DD");
      return;
    }
    if (!market.isTradingDay(day) || clock.instant().getEpochSecond() < DayRollup.rollupTime(day)) {
      message.fail(400, day + " is not a trading day whose session has closed");
      return;
    }
    candles(day).onComplete(ar -> {
      if (ar.failed()) {
        message.fail(500, "the rollup of " + day + " failed: " + ar.cause().getMessage());
      } else if (ar.result().isEmpty()) {
        message.fail(404, "no day candles for " + day + " yet: the candle engine is not on that day and no"
            + " published snapshot has it");
      } else {
        message.reply(ar.result().toJson());
      }
    });
  }

  /** The day's candles: kept, from this node's history, or found now (one find per day at a time). */
  private Future<DayCandles> candles(LocalDate day) {
    Future<DayCandles> known = days.get(day);
    if (known != null && (!known.isComplete() || known.succeeded() && !known.result().isEmpty())) {
      return known;
    }
    Future<DayCandles> found = vertx.executeBlocking(() -> history.day(day))
        .compose(stored -> stored.isEmpty() ? finder.find(day)
            : Future.succeededFuture(new DayCandles(day, "the rollup node's history", stored)))
        .onSuccess(c -> {
          if (!c.isEmpty()) {
            LOG.info("end-of-day rollup: {} day candles of {} from {}, for every history node", c.bars().size(),
                day, c.source());
          }
        });
    days.remove(day);
    days.put(day, found);
    while (days.size() > KEPT_DAYS) {
      days.remove(days.keySet().iterator().next());
    }
    return found;
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
