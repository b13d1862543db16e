package marketgate.workers.ticks.replay;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.ReplayConfig;
import marketgate.shared.model.TickBatch;
import marketgate.workers.ticks.TickIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@code ticks.json} file as a tick stream on {@link Addresses#TICKS_IN}: entries oldest
 * first, each as the ticks of {@link OhlcTicks}. At speed 0 as fast as the bus takes them (in
 * batches, yielding to the event loop between batches); at speed s the gaps between entry times
 * are divided by s, except that no single wait exceeds {@value #MAX_WAIT_MILLIS} ms (real files hold
 * instruments last traded days ago; replaying that silence helps nobody). Either way it never has
 * more than {@code ticks.maxInFlightBatches} batches unacknowledged: a slower engine slows it down
 * ({@link TickIntake}).
 *
 * <p>The file is read off the event loop ({@code executeBlocking}); a file that cannot be read
 * fails the deployment with a message naming it, a bad entry is logged and skipped. {@link
 * #completion()} completes with the summary once the engine has acknowledged the last batch; counters are on {@link
 * #status()} and {@link Addresses#TICKS_SOURCE_STATUS}.
 */
public final class ReplayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayVerticle.class);

  /** Ticks per batch at speed 0: big enough to amortise a bus hop, small enough to interleave. */
  public static final int BATCH_TICKS = 4096;
  static final long MAX_WAIT_MILLIS = 1000;
  /** At speed s, entries within 100 ms of wall time of each other go out as one batch. */
  private static final long GROUP_WALL_MILLIS = 100;

  private final Path file;
  private final double speed;
  private final int maxInFlight;
  private final Promise<JsonObject> done = Promise.promise();
  private TickIntake intake;

  private TicksFile data;
  private List<TicksEntry> queue;
  private int next;
  private long ticks;
  private long batches;
  private long lastTickMillis;
  /** Sum of the waits between batches as planned from the entry times and the speed. */
  private long plannedWaitMillis;
  private boolean stopped;
  private long timer = -1;

  /** Replays {@code replay.file} at {@code replay.speed}. */
  public ReplayVerticle(ReplayConfig config) {
    this(requireFile(config), config.speed());
  }

  public ReplayVerticle(Path file, double speed) {
    this.file = file;
    this.speed = checkSpeed(speed);
    this.maxInFlight = TickIntake.DEFAULT_MAX_IN_FLIGHT;
  }

  /** Replays entries already read (e.g. by a job that first built its universe from them). */
  public ReplayVerticle(TicksFile data, double speed) {
    this(data, speed, TickIntake.DEFAULT_MAX_IN_FLIGHT);
  }

  /** @param maxInFlight {@code ticks.maxInFlightBatches} */
  public ReplayVerticle(TicksFile data, double speed, int maxInFlight) {
    this.file = null;
    this.data = data;
    this.speed = checkSpeed(speed);
    this.maxInFlight = maxInFlight;
  }

  private static Path requireFile(ReplayConfig config) {
    if (config.file() == null) {
      throw new IllegalArgumentException("ticks.source=replay needs replay.file (a ticks.json file)");
    }
    return config.file();
  }

  private static double checkSpeed(double speed) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("replay speed must be 0 (as fast as possible) or positive, got " + speed);
    }
    return speed;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    intake = new TickIntake(vertx, maxInFlight);
    MessageConsumer<JsonObject> statusConsumer =
        vertx.eventBus().consumer(Addresses.TICKS_SOURCE_STATUS, message -> message.reply(status()));
    Future<TicksFile> loaded = data != null
        ? Future.succeededFuture(data)
        : vertx.executeBlocking(() -> TicksJsonReader.read(file));
    return Future.join(statusConsumer.completion(), loaded).map(v -> {
      data = loaded.result();
      for (TicksFile.BadEntry bad : data.badEntries()) {
        LOG.warn("{}: entry '{}' skipped: {}", data.source(), bad.key(), bad.reason());
      }
      queue = data.entriesByTime();
      LOG.info("Replaying {}: {} entries ({} skipped) at speed {}", data.source(), queue.size(),
          data.badEntries().size(), speed == 0 ? "max" : speed);
      vertx.runOnContext(x -> sendNext());
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    done.tryFail("replay stopped after " + next + " of " + (queue == null ? 0 : queue.size()) + " entries");
    return Future.succeededFuture();
  }

  /** Completes with {@link #status()} once every entry is sent; fails if undeployed before. */
  public Future<JsonObject> completion() {
    return done.future();
  }

  private void sendNext() {
    timer = -1;
    if (stopped) {
      return;
    }
    if (next >= queue.size()) {
      if (intake.inFlight() > 0) {
        intake.whenCredit(this::sendNext); // done means taken by the engine, not only sent
        return;
      }
      LOG.info("Replay of {} done: {} ticks in {} batches", data.source(), ticks, batches);
      done.tryComplete(status());
      return;
    }
    if (!intake.hasCredit()) {
      intake.overflow(0);
      intake.whenCredit(this::sendNext);
      return;
    }
    long groupEnd = speed == 0 ? Long.MAX_VALUE
        : queue.get(next).timestamp().toEpochMilli() + (long) (GROUP_WALL_MILLIS * speed);
    TickBatch batch = new TickBatch(speed == 0 ? BATCH_TICKS : 64);
    while (next < queue.size() && batch.size() + OhlcTicks.MAX_TICKS <= BATCH_TICKS
        && queue.get(next).timestamp().toEpochMilli() <= groupEnd) {
      OhlcTicks.append(queue.get(next++), batch);
    }
    if (!batch.isEmpty()) {
      ticks += batch.size();
      batches++;
      lastTickMillis = batch.epochMillis(batch.size() - 1);
      intake.send(batch);
    }
    if (speed == 0 || next >= queue.size()) {
      vertx.runOnContext(v -> sendNext());
    } else {
      long gap = queue.get(next).timestamp().toEpochMilli() - lastTickMillis;
      long wait = Math.min(MAX_WAIT_MILLIS, Math.max(1, (long) (gap / speed)));
      plannedWaitMillis += wait;
      timer = vertx.setTimer(wait, id -> sendNext());
    }
  }

  /** Progress of the replay. Read it on this verticle's context or over the bus. */
  public JsonObject status() {
    JsonArray bad = new JsonArray();
    if (data != null) {
      for (TicksFile.BadEntry entry : data.badEntries()) {
        bad.add(new JsonObject().put("key", entry.key()).put("reason", entry.reason()));
      }
    }
    return new JsonObject()
        .put("source", "replay")
        .put("file", data != null ? data.source() : String.valueOf(file))
        .put("speed", speed)
        .put("entries", queue == null ? 0 : queue.size())
        .put("entries_sent", next)
        .put("bad_entries", bad)
        .put("ticks", ticks)
        .put("batches", batches)
        .put("planned_wait_ms", plannedWaitMillis)
        .put("done", queue != null && next >= queue.size() && intake.inFlight() == 0)
        .put("intake", intake == null ? null : intake.toJson())
        .put("last_tick_time", lastTickMillis == 0 ? null : Instant.ofEpochMilli(lastTickMillis).toString());
  }
}
