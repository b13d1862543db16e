package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.TicksConfig;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The candle engine's intake: takes tick batches on {@link Addresses#TICKS_IN} into the store,
 * journals every accepted batch and checkpoints the store, so a crash or restart loses nothing that
 * was acknowledged; answers {@link Addresses#TICKS_STATS}. Reads of the store are served by
 * {@link CandleQueryVerticle}.
 *
 * <p>Backpressure: the reply to a batch is its source's credit back ({@link TickIntake}), so no
 * source queues more than {@code ticks.maxInFlightBatches} batches here; the overflow counts the
 * sources send along are reported under {@code intake} in the stats.
 */
public final class TicksVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TicksVerticle.class);

  private final TicksConfig config;
  private final CandleStore store;
  private final DataStore dataStore;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private StoreCheckpoint checkpoint;
  private TickJournal journal;
  private boolean loaded;
  private long journalBytes;
  private long journalFailures;
  /** Whether the last batch was left out of the journal (logged once per episode). */
  private boolean journalBehind;
  /** The newest overflow counts the source sent along ({@link TickIntake}'s headers). */
  private long sourceOverflow;
  private long sourceDroppedTicks;
  /** Batches sent without asking for an acknowledgement: such a source is not flow-controlled. */
  private long unacknowledged;

  private final boolean seedFromSnapshot;

  public TicksVerticle(TicksConfig config, CandleStore store, DataStore dataStore) {
    this(config, store, dataStore, false);
  }

  /**
   * @param seedFromSnapshot after recovering its own checkpoint and journal, also look for the newest
   *     published snapshot ({@link PublishedSnapshot}) and start from it when it is newer: how a node
   *     resumes the market after taking the ticks unit over from a node that died
   */
  public TicksVerticle(TicksConfig config, CandleStore store, DataStore dataStore, boolean seedFromSnapshot) {
    this.config = config;
    this.store = store;
    this.dataStore = dataStore;
    this.seedFromSnapshot = seedFromSnapshot;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    Future<Buffer> snapshot = seedFromSnapshot ? PublishedSnapshot.newest(vertx, dataStore) : Future.succeededFuture();
    return snapshot.compose(bytes -> vertx.executeBlocking(() -> recover(bytes))).compose(replayed -> {
      loaded = true;
      EventBus bus = vertx.eventBus();
      consumers.add(bus.<TickBatch>consumer(Addresses.TICKS_IN, this::ticks));
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

  private Integer recover(Buffer snapshot) throws Exception {
    int replayed = recover();
    if (snapshot != null) {
      seed(snapshot);
    }
    return replayed;
  }

  /** Starts from the published snapshot when it holds newer data than this node's own journal did. */
  private void seed(Buffer snapshot) {
    try {
      long recovered = store.stats().lastTickMillis();
      byte[] bytes = snapshot.getBytes();
      long published = SnapshotSeed.newestMillis(store, new java.io.ByteArrayInputStream(bytes));
      if (published <= recovered) {
        LOG.info("the published snapshot is not newer than the recovered store; not seeding");
        return;
      }
      SnapshotSeed.Result seeded = SnapshotSeed.load(store, new java.io.ByteArrayInputStream(bytes));
      LOG.info("candle store seeded from the published snapshot: {} instruments, {} candles, data up to {}",
          seeded.instruments(), seeded.candles(), java.time.Instant.ofEpochMilli(seeded.newestMillis()));
    } catch (java.io.IOException e) {
      LOG.error("the published snapshot could not seed the candle store: {}", e.getMessage());
    }
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
      boolean journaled = journal.append(version, batch);
      if (journaled == journalBehind) {
        journalBehind = !journaled;
        if (journalBehind) {
          LOG.warn("tick journal: more than {} MB not yet on disk; batches are left out of the journal until it"
              + " catches up (the next checkpoint makes them durable)", TickJournal.DEFAULT_MAX_UNWRITTEN_BYTES >> 20);
        } else {
          LOG.info("tick journal caught up; {} batches were left out so far", journal.droppedBatches());
        }
      }
    }
    sourceOverflow = Math.max(sourceOverflow, header(message, TickIntake.OVERFLOW_HEADER));
    sourceDroppedTicks = Math.max(sourceDroppedTicks, header(message, TickIntake.DROPPED_HEADER));
    if (message.replyAddress() != null) {
      message.reply(version); // the source's credit back
    } else {
      unacknowledged++;
    }
  }

  private static long header(Message<?> message, String name) {
    String value = message.headers().get(name);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
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
    journalBytes += pending.length();
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

  private void stats(Message<JsonObject> message) {
    message.reply(store.stats().toJson()
        .put("loaded", loaded)
        .put("intake", new JsonObject()
            .put("max_in_flight_batches", config.maxInFlightBatches())
            .put("overflow", sourceOverflow)
            .put("dropped_ticks", sourceDroppedTicks)
            .put("unacknowledged_batches", unacknowledged))
        .put("journal", new JsonObject()
            .put("enabled", journal != null)
            .put("bytes_written", journalBytes)
            .put("unwritten_bytes", journal == null ? 0 : journal.unwrittenBytes())
            .put("dropped_batches", journal == null ? 0 : journal.droppedBatches())
            .put("write_failures", journalFailures)));
  }
}
