package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.TicksConfig;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candle engine on the bus: takes tick batches on {@link Addresses#TICKS_IN}, answers candle,
 * instrument, latest-tick and stats queries, journals every accepted batch and checkpoints the
 * store, so a crash or restart loses nothing that was acknowledged.
 */
public final class TicksVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TicksVerticle.class);
  static final int MAX_QUERY_COUNT = 100_000;

  private final TicksConfig config;
  private final CandleStore store;
  private final DataStore dataStore;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private StoreCheckpoint checkpoint;
  private TickJournal journal;
  private long lastArrivalWallMillis;
  private long lastBatchTickMillis;
  private boolean loaded;
  private long journalBytes;
  private long journalFailures;

  public TicksVerticle(TicksConfig config, CandleStore store, DataStore dataStore) {
    this.config = config;
    this.store = store;
    this.dataStore = dataStore;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    return vertx.executeBlocking(this::recover).compose(replayed -> {
      loaded = true;
      EventBus bus = vertx.eventBus();
      consumers.add(bus.<TickBatch>consumer(Addresses.TICKS_IN, this::ticks));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_CANDLES, this::candles));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_INSTRUMENTS, this::instruments));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_LATEST, this::latest));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, this::dayCandles));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_STATS, this::stats));
      consumers.add(bus.<JsonObject>consumer(Addresses.TICKS_CHECKPOINT,
          msg -> checkpoint().onSuccess(v -> msg.reply(new JsonObject().put("version", v)))
              .onFailure(e -> msg.fail(500, e.getMessage()))));
      if (journal != null) {
        vertx.setPeriodic(config.journalFlushMillis(), id -> flushJournal());
      }
      vertx.setPeriodic(config.checkpointSeconds() * 1000L, id -> checkpoint());
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    });
  }

  /** Orderly stop: the last journal bytes and a fresh checkpoint, so a restart starts exactly here. */
  @Override
  public Future<?> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .compose(v -> flushJournal())
        .compose(v -> checkpoint())
        .onSuccess(v -> LOG.info("candle store saved at version {}", v));
  }

  private Integer recover() throws Exception {
    checkpoint = new StoreCheckpoint(dataStore);
    long version;
    try {
      version = checkpoint.load(store);
    } catch (java.io.IOException e) {
      LOG.error("checkpoint unreadable, starting from the journal alone: {}", e.getMessage());
      version = 0;
    }
    int replayed = 0;
    if (config.journal()) {
      journal = new TickJournal(dataStore);
      replayed = journal.replay(Math.max(0, version), store);
    }
    if (version >= 0 || replayed > 0) {
      LOG.info("candle store recovered: checkpoint version {}, {} journaled batches replayed", version, replayed);
    }
    return replayed;
  }

  private void ticks(Message<TickBatch> message) {
    TickBatch batch = message.body();
    long version = store.apply(batch);
    if (journal != null) {
      journal.append(version, batch);
    }
    lastArrivalWallMillis = System.currentTimeMillis();
    lastBatchTickMillis = Math.max(lastBatchTickMillis, batch.maxEpochMillis());
    if (message.replyAddress() != null) {
      message.reply(version);
    }
  }

  private Future<Void> flushJournal() {
    if (journal == null) {
      return Future.succeededFuture();
    }
    TickJournal.Pending pending = journal.drain();
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    journalBytes += pending.bytes().length();
    return vertx.<Void>executeBlocking(() -> {
      journal.write(pending);
      return null;
    }).onFailure(e -> {
      journalFailures++;
      LOG.error("tick journal write failed: {}", e.getMessage());
    });
  }

  private Future<Long> checkpoint() {
    // Bytes drained before the rotation belong to the old segment; the checkpoint taken after holds them.
    Future<Void> flushed = flushJournal();
    long oldSegment = journal == null ? -1 : journal.rotate();
    return flushed.compose(v -> vertx.executeBlocking(() -> {
      long version = checkpoint.save(store);
      if (oldSegment >= 0) {
        journal.deleteThrough(oldSegment);
      }
      return version;
    })).onFailure(e -> LOG.error("checkpoint failed: {}", e.getMessage()));
  }

  /**
   * "Now" for the store: the newest tick time, moved on by the wall time since the last batch
   * arrived. It follows a simulated session clock as well as the real one, and still completes the
   * last candle after the feed goes quiet.
   */
  long nowSeconds() {
    if (lastBatchTickMillis == 0) {
      return System.currentTimeMillis() / 1000;
    }
    return (lastBatchTickMillis + Math.max(0, System.currentTimeMillis() - lastArrivalWallMillis)) / 1000;
  }

  private int resolve(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Object token = body.getValue("token");
    String symbol = body.getString("symbol");
    if (token instanceof Number) {
      int idx = store.indexOf(((Number) token).intValue());
      if (idx < 0) {
        message.fail(404, "unknown instrument token " + token);
      }
      return idx;
    }
    if (symbol == null || symbol.isBlank()) {
      message.fail(400, "give a symbol or a token");
      return -1;
    }
    Instrument instrument = store.universe().bySymbol(symbol).orElse(null);
    if (instrument == null) {
      message.fail(404, "unknown symbol '" + symbol + "'");
      return -1;
    }
    return store.indexOf(instrument.token());
  }

  private void candles(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Interval interval;
    try {
      interval = Interval.parse(body.getString("interval", "5m"));
    } catch (IllegalArgumentException e) {
      message.fail(400, e.getMessage());
      return;
    }
    Object countValue = body.getValue("count", 100);
    if (!(countValue instanceof Number) || ((Number) countValue).intValue() < 1
        || ((Number) countValue).intValue() > MAX_QUERY_COUNT) {
      message.fail(400, "count must be a whole number from 1 to " + MAX_QUERY_COUNT);
      return;
    }
    int idx = resolve(message);
    if (idx < 0) {
      return;
    }
    Instrument instrument = store.instrument(idx);
    JsonArray candles = new JsonArray();
    for (Candle candle : store.candles(idx, interval, ((Number) countValue).intValue(), nowSeconds())) {
      candles.add(candle.toJson());
    }
    message.reply(new JsonObject()
        .put("symbol", instrument.symbol())
        .put("token", instrument.token())
        .put("interval", interval.label())
        .put("candles", candles));
  }

  private void instruments(Message<JsonObject> message) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < store.instrumentCount(); i++) {
      Instrument instrument = store.instrument(i);
      CandleStore.LatestTick tick = store.latest(i);
      list.add(new JsonObject()
          .put("token", instrument.token())
          .put("symbol", instrument.symbol())
          .put("exchange", instrument.exchange())
          .put("segment", instrument.segment())
          .put("last_price", tick == null ? null : tick.price())
          .put("last_tick_time", tick == null ? null : Instant.ofEpochMilli(tick.epochMillis()).toString()));
    }
    message.reply(new JsonObject().put("count", list.size()).put("instruments", list));
  }

  private void latest(Message<JsonObject> message) {
    int idx = resolve(message);
    if (idx < 0) {
      return;
    }
    CandleStore.LatestTick tick = store.latest(idx);
    if (tick == null) {
      message.fail(404, "no tick yet for " + store.instrument(idx).symbol());
      return;
    }
    List<Candle> day = store.candles(idx, Interval.DAY, 1, nowSeconds());
    message.reply(new JsonObject()
        .put("symbol", tick.instrument().symbol())
        .put("token", tick.instrument().token())
        .put("last_price", tick.price())
        .put("cumulative_volume", tick.cumulativeVolume() < 0 ? null : tick.cumulativeVolume())
        .put("oi", tick.oi())
        .put("time", Instant.ofEpochMilli(tick.epochMillis()).toString())
        .put("day", day.isEmpty() ? null : day.get(0).toJson()));
  }

  private void dayCandles(Message<JsonObject> message) {
    long now = nowSeconds();
    long today = MarketClock.istMidnight(now);
    JsonObject candles = new JsonObject();
    CandleColumns columns = new CandleColumns(1);
    for (int i = 0; i < store.instrumentCount(); i++) {
      if (store.copy(i, Interval.DAY, 1, 0, now, columns) == 1 && columns.start(0) == today) {
        candles.put(store.instrument(i).symbol(), new JsonObject()
            .put("open", columns.open(0))
            .put("high", columns.high(0))
            .put("low", columns.low(0))
            .put("close", columns.close(0))
            .put("volume", columns.volume(0)));
      }
    }
    message.reply(new JsonObject().put("date", MarketClock.istDate(now).toString()).put("candles", candles));
  }

  private void stats(Message<JsonObject> message) {
    message.reply(store.stats().toJson()
        .put("loaded", loaded)
        .put("journal", new JsonObject()
            .put("enabled", journal != null)
            .put("bytes_written", journalBytes)
            .put("write_failures", journalFailures)));
  }
}
