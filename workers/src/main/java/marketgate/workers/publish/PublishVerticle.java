package marketgate.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.PublishConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;

/**
 * The publish cadence and the publisher's face on the bus. Publishes right after start, then every
 * {@code publish.marketIntervalSeconds} while the store's market time is in session and every
 * {@code publish.offHoursIntervalSeconds} otherwise; after a failure it retries with capped
 * exponential backoff (1, 2, 4 ... {@code publish.retryMaxSeconds} seconds). Also publishes on
 * {@link Addresses#PUBLISH_NOW}, answers {@link Addresses#PUBLISH_STATUS} and serves the newest
 * file bytes on {@link Addresses#SNAPSHOT_FILE}; announces each publish on
 * {@link Addresses#SNAPSHOT_PUBLISHED}. The rendering and writing happen off the event loop.
 */
public final class PublishVerticle extends VerticleBase {
  /** First publish this soon after start, so a fresh node has files within seconds. */
  static final long FIRST_DELAY_MILLIS = 500;

  private final MarketgateConfig config;
  private final CandleStore store;
  private final DataStore dataStore;
  private final MarketClock clock;
  private final String dataSource;
  private SnapshotPublisher publisher;
  private long timer = -1;

  /**
   * @param dataSource what feeds the store, for metadata.json: {@code live|replay|simulator|history}
   */
  public PublishVerticle(MarketgateConfig config, CandleStore store, DataStore dataStore, MarketClock clock,
      String dataSource) {
    this.config = config;
    this.store = store;
    this.dataStore = dataStore;
    this.clock = clock;
    this.dataSource = dataSource;
  }

  @Override
  public Future<?> start() {
    PublishConfig publish = config.publish();
    List<PublishTarget> targets = PublishTargets.create(vertx, config, dataStore);
    publisher = new SnapshotPublisher(vertx, publish, config.alerts(), store, clock, dataSource, targets,
        publish.targets().contains("local") ? dataStore : null);
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> consumers = List.of(
        bus.<JsonObject>consumer(Addresses.PUBLISH_NOW, this::publishNow),
        bus.<JsonObject>consumer(Addresses.PUBLISH_STATUS, msg -> msg.reply(publisher.status())),
        bus.<JsonObject>consumer(Addresses.SNAPSHOT_FILE, this::file),
        bus.<JsonObject>consumer(Addresses.MONITOR_INCIDENTS,
            msg -> publisher.openIncidents(msg.body() == null ? null : msg.body().getJsonArray("open"))));
    schedule(FIRST_DELAY_MILLIS);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  /** The publisher, for jobs and tests that drive it directly. */
  public SnapshotPublisher publisher() {
    return publisher;
  }

  private void schedule(long delayMillis) {
    vertx.cancelTimer(timer);
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> scheduled());
  }

  /**
   * Start-to-start cadence: the time a publish took counts against the interval, so a 1-second
   * cadence with a 0.8-second publish waits 0.2 s, not 1 s (tick-to-file latency).
   */
  private void scheduled() {
    long started = System.currentTimeMillis();
    publishAndAnnounce().onComplete(ar -> schedule(nextDelayMillis() - (System.currentTimeMillis() - started)));
  }

  /** The regular interval, or the retry backoff after failures, whichever is shorter. */
  long nextDelayMillis() {
    PublishConfig publish = config.publish();
    long regular = 1000L * (publisher.marketTimeInSession()
        ? publish.marketIntervalSeconds() : publish.offHoursIntervalSeconds());
    int failures = publisher.consecutiveFailures();
    if (failures == 0) {
      return regular;
    }
    long backoff = 1000L * Math.min(publish.retryMaxSeconds(), 1L << Math.min(failures - 1, 20));
    return Math.min(regular, backoff);
  }

  private Future<JsonObject> publishAndAnnounce() {
    return publisher.publish().onSuccess(result -> vertx.eventBus().publish(Addresses.SNAPSHOT_PUBLISHED,
        new JsonObject().put("time", result.getString("time")).put("files", result.getJsonArray("files", new JsonArray()))));
  }

  private void publishNow(Message<JsonObject> message) {
    publishAndAnnounce()
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(500, "publish failed: " + e.getMessage()))
        // A failed on-demand publish also starts the retry cycle.
        .onComplete(ar -> schedule(nextDelayMillis()));
  }

  private void file(Message<JsonObject> message) {
    String path = message.body() == null ? null : message.body().getString("path");
    PublishedFile file = path == null ? null : publisher.file(path);
    if (file == null) {
      message.fail(404, "no published copy of " + path);
      return;
    }
    message.reply(Buffer.buffer(file.bytes()), new DeliveryOptions()
        .addHeader("etag", file.etag())
        .addHeader("last-modified", Long.toString(file.lastModifiedMillis())));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
