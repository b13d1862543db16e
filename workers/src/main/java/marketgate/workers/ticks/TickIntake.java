package marketgate.workers.ticks;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Queue;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.TickBatch;

/**
 * A tick source's side of {@link Addresses#TICKS_IN}, with credit-based backpressure: a batch is
 * sent as a request and the engine's reply is the credit back, so at most {@code
 * ticks.maxInFlightBatches} batches are ever queued for the engine, however fast the source is. A
 * source asks {@link #hasCredit()} before it produces, and when there is none it slows down (Kite
 * pauses its socket, the simulator skips a beat, the replay waits for {@link #whenCredit}); each
 * time is counted as an overflow. The counts ride along with every batch as headers, so the engine
 * reports them in {@code ticks.stats}. Use it on the source's own context only.
 */
public final class TickIntake {
  /** Header: how often the sending source found the intake full. */
  public static final String OVERFLOW_HEADER = "marketgate-overflow";
  /** Header: ticks the sending source skipped instead of queueing them (the simulator). */
  public static final String DROPPED_HEADER = "marketgate-dropped-ticks";
  /** An engine that does not acknowledge within this is presumed gone: its credit comes back. */
  static final long ACK_TIMEOUT_MILLIS = 30_000;
  /** {@code ticks.maxInFlightBatches} of defaults.json, for sources built without a config. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;

  private final Vertx vertx;
  private final int maxInFlight;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;
  private int peakInFlight;
  private long batches;
  private long overflow;
  private long droppedTicks;

  public TickIntake(Vertx vertx, int maxInFlight) {
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
  }

  /** Batches sent and not yet acknowledged. */
  public int inFlight() {
    return inFlight;
  }

  public boolean hasCredit() {
    return inFlight < maxInFlight;
  }

  /** Sends a batch; returns whether credit is left for another (if not, slow down now). */
  public boolean send(TickBatch batch) {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    batches++;
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MILLIS)
        .addHeader(OVERFLOW_HEADER, Long.toString(overflow))
        .addHeader(DROPPED_HEADER, Long.toString(droppedTicks));
    vertx.eventBus().request(Addresses.TICKS_IN, batch, options).onComplete(ack -> {
      inFlight--;
      Runnable next = waiting.poll();
      if (next != null) {
        next.run();
      }
    });
    return hasCredit();
  }

  /** Counts one time the source found no credit (and {@code ticks} it skipped because of it). */
  public void overflow(int ticks) {
    overflow++;
    droppedTicks += ticks;
  }

  /** Runs the action once, when an acknowledgement frees a slot. */
  public void whenCredit(Runnable action) {
    waiting.add(action);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("max_in_flight", maxInFlight)
        .put("in_flight", inFlight)
        .put("peak_in_flight", peakInFlight)
        .put("batches", batches)
        .put("overflow", overflow)
        .put("dropped_ticks", droppedTicks);
  }
}
