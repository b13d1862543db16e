package marketgate.workers.monitor;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.notify.AdminTelegram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor (one per deployment; a cluster singleton later): every {@code alerts.checkSeconds}
 * and after every pipeline event ({@code snapshot.published}, {@code bluedot.converted}) it asks
 * the pipelines for their status, runs the checks, turns verdicts into incidents and sends the
 * alerts to each channel's own queue. It answers {@link Addresses#MONITOR_STATUS} and
 * {@link Addresses#MONITOR_CHECK}, and publishes {@link Addresses#MONITOR_INCIDENTS} after each
 * round and {@link Addresses#MONITOR_ALERTS} per alert. Rounds never overlap; events during a
 * round make at most one more.
 */
public final class MonitorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorVerticle.class);
  static final String COUNTS_FILE = "state/monitor/universe-counts.json";

  private final MarketgateConfig config;
  private final AlertsConfig alerts;
  private final MarketClock marketClock;
  private final Clock clock;
  private final Supplier<Future<ClusterView>> cluster;
  private final long backoffUnitMillis;
  private final List<ChannelQueue> channels = new ArrayList<>();
  private DataStore store;
  private FactsCollector collector;
  private IncidentTracker tracker;
  private TickChecks ticks;
  private SnapshotChecks snapshots;
  private UniverseChecks universe;
  private BlueDotChecks bluedot;
  private final ClusterChecks clusterChecks = new ClusterChecks();
  private ClusterView lastCluster;
  private Future<JsonObject> round = Future.succeededFuture();
  private boolean roundQueued;

  /**
   * @param clock the time checks are judged at (tests drive it)
   * @param cluster membership, null for this Vert.x instance's cluster manager
   * @param backoffUnitMillis the first retry delay of a channel (doubles per attempt)
   */
  public MonitorVerticle(MarketgateConfig config, MarketClock marketClock, Clock clock,
      Supplier<Future<ClusterView>> cluster, long backoffUnitMillis) {
    this.config = config;
    this.alerts = config.alerts();
    this.marketClock = marketClock;
    this.clock = clock;
    this.cluster = cluster;
    this.backoffUnitMillis = backoffUnitMillis;
  }

  public MonitorVerticle(MarketgateConfig config, MarketClock marketClock) {
    this(config, marketClock, Clock.systemUTC(), null, 1000);
  }

  @Override
  public Future<?> start() throws Exception {
    store = new DataStore(config.dataDir());
    WebClient web = WebClient.create(vertx);
    AdminTelegram.client(vertx, web, config)
        .ifPresent(telegram -> channels.add(queue(new TelegramChannel(telegram, config.bot().adminChatId()))));
    if (!alerts.webhookUrl().isEmpty()) {
      channels.add(queue(new WebhookChannel(web, alerts.webhookUrl())));
    }
    if (channels.isEmpty()) {
      LOG.info("monitor alerts go nowhere: set TELEGRAM_BOT_TOKEN with bot.adminChatId, or alerts.webhookUrl");
    }
    Instant started = clock.instant();
    long timeout = Math.min(2000, Math.max(200, alerts.checkSeconds() * 500L));
    collector = new FactsCollector(vertx, clock, timeout, cluster != null ? cluster : ClusterView.of(vertx));
    tracker = new IncidentTracker(Duration.ofSeconds(alerts.holdSeconds()), Duration.ofMinutes(alerts.repeatMinutes()),
        alerts.recentIncidents());
    ticks = new TickChecks(alerts, marketClock, started);
    snapshots = new SnapshotChecks(alerts, marketClock, config.publish().offHoursIntervalSeconds(), started);
    bluedot = new BlueDotChecks(alerts, marketClock,
        !config.bluedot().webhookAddress().isBlank() && config.secrets().has(Secrets.DRIVE_CHANNEL_TOKEN));
    return vertx.executeBlocking(() -> store.read(COUNTS_FILE)
            .map(b -> new JsonObject(new String(b, StandardCharsets.UTF_8))).orElse(null))
        .otherwise(e -> {
          LOG.warn("{} unreadable, universe counts start empty: {}", COUNTS_FILE, e.getMessage());
          return null;
        })
        .compose(saved -> {
          universe = new UniverseChecks(alerts, marketClock, saved);
          EventBus bus = vertx.eventBus();
          List<MessageConsumer<?>> consumers = List.of(
              bus.<JsonObject>consumer(Addresses.MONITOR_STATUS, m -> m.reply(status())),
              bus.<JsonObject>consumer(Addresses.MONITOR_CHECK, m -> runChecks()
                  .onSuccess(s -> m.reply(s.put("healthy", tracker.healthy())))
                  .onFailure(e -> m.fail(500, "monitor round failed: " + e.getMessage()))),
              bus.consumer(Addresses.SNAPSHOT_PUBLISHED, m -> requestRound()),
              bus.consumer(Addresses.BLUEDOT_CONVERTED, m -> requestRound()));
          vertx.setPeriodic(alerts.checkSeconds() * 1000L, id -> requestRound());
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        });
  }

  private ChannelQueue queue(AlertChannel channel) {
    return new ChannelQueue(vertx, channel, alerts.channelQueueSize(), alerts.channelMaxAttempts(), backoffUnitMillis,
        alerts.channelBackoffMaxSeconds() * 1000L);
  }

  /** Runs every check now (after any round in progress); the status afterwards. */
  public Future<JsonObject> runChecks() {
    Future<JsonObject> next = round.transform(ignored -> collector.collect().map(this::evaluate));
    round = next;
    return next;
  }

  /** A pipeline event or the timer: one more round, unless one is already waiting. */
  private void requestRound() {
    if (roundQueued) {
      return;
    }
    roundQueued = true;
    round.onComplete(done -> {
      roundQueued = false;
      runChecks().onFailure(e -> LOG.warn("monitor round failed: {}", e.getMessage()));
    });
  }

  private JsonObject evaluate(Facts facts) {
    lastCluster = facts.cluster();
    List<CheckResult> results = new ArrayList<>();
    results.addAll(ticks.evaluate(facts));
    results.addAll(snapshots.evaluate(facts));
    results.addAll(universe.evaluate(facts));
    results.addAll(bluedot.evaluate(facts));
    results.addAll(clusterChecks.evaluate(facts));
    for (Alert alert : tracker.update(results, facts.now())) {
      LOG.warn("incident {} {}: {}", alert.incident().id(), alert.kind().label(), alert.incident().summary());
      channels.forEach(c -> c.offer(alert));
      vertx.eventBus().publish(Addresses.MONITOR_ALERTS, alert.toJson());
    }
    vertx.eventBus().publish(Addresses.MONITOR_INCIDENTS, new JsonObject().put("time", facts.now().toString())
        .put("open", tracker.incidentsJson().getJsonArray("open")).put("checks", tracker.gaugesJson()));
    saveCounts(universe.takeCountsIfChanged());
    return status();
  }

  private void saveCounts(JsonObject counts) {
    if (counts != null) {
      byte[] bytes = counts.toBuffer().getBytes();
      vertx.executeBlocking(() -> {
        store.write(COUNTS_FILE, bytes);
        return null;
      }, false).onFailure(e -> LOG.warn("saving {} failed: {}", COUNTS_FILE, e.getMessage()));
    }
  }

  /** The {@link Addresses#MONITOR_STATUS} reply. */
  public JsonObject status() {
    JsonObject channelStatus = new JsonObject();
    channels.forEach(c -> channelStatus.put(c.name(), c.toJson()));
    return new JsonObject()
        .put("time", clock.instant().toString())
        .put("healthy", tracker.healthy())
        .put("incidents", tracker.incidentsJson())
        .put("checks", tracker.checksJson())
        .put("channels", channelStatus)
        .put("cluster", lastCluster == null ? new JsonObject().put("state", "unknown") : lastCluster.toJson());
  }
}
