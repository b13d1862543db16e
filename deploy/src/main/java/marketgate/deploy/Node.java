package marketgate.deploy;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.List;
import java.util.ArrayList;
import java.util.Set;
import java.util.function.Supplier;
import marketgate.gateway.GatewayVerticle;
import marketgate.workers.monitor.MonitorVerticle;
import marketgate.shared.cluster.ClusterSingleton;
import marketgate.shared.cluster.ClusterView;
import marketgate.shared.cluster.Singletons;
import marketgate.shared.config.ClusterConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.bluedot.drive.DriveSyncVerticle;
import marketgate.workers.bot.BotVerticle;
import marketgate.workers.history.DayRollupVerticle;
import marketgate.workers.history.HistoryVerticle;
import marketgate.workers.jobs.JobHostVerticle;
import marketgate.workers.jobs.JobType;
import marketgate.workers.jobs.JobTypes;
import marketgate.workers.history.SqliteDailyHistory;
import marketgate.workers.publish.PublishVerticle;
import marketgate.workers.scans.ScanVerticle;
import marketgate.workers.ticks.CandleQueryVerticle;
import marketgate.workers.ticks.CandleUpdatesVerticle;
import marketgate.workers.ticks.TicksVerticle;
import marketgate.workers.ticks.kite.KiteInstruments;
import marketgate.workers.ticks.kite.KiteTickerVerticle;
import marketgate.workers.ticks.replay.ReplayVerticle;
import marketgate.workers.ticks.replay.TicksFile;
import marketgate.workers.ticks.replay.TicksJsonReader;
import marketgate.workers.ticks.simulator.MarketSimulator;
import marketgate.workers.ticks.simulator.SimulatedClock;
import marketgate.workers.ticks.simulator.SimulatorVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the shared parts (data store, clock, universe, candle store) once
 * and deploys the verticles of the node's roles in dependency order. {@link #stop()} undeploys them
 * in reverse, so sources stop before the engine checkpoints and the gateway stops first.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final MarketgateConfig config;
  private final Set<Role> roles;
  private final List<ClusterSingleton> singletons = new ArrayList<>();
  private String tickSourceDeployment;
  /** How to stop what was started, newest first: verticle undeployments and singletons. */
  private final Deque<Supplier<Future<Void>>> stops = new ArrayDeque<>();
  private final ClusterView cluster;
  private final DataStore dataStore;
  private final MarketClock clock;
  private Universe universe;
  private TicksFile replayFile;
  private CandleStore candleStore;
  private SimulatedClock simulatedClock;
  private MarketSimulator simulator;
  private GatewayVerticle gateway;
  private SqliteDailyHistory history;

  private Node(Vertx vertx, MarketgateConfig config, Set<Role> roles) throws IOException {
    this.vertx = vertx;
    this.config = config;
    this.roles = roles;
    marketgate.shared.bus.Codecs.register(vertx); // every node, whatever its roles: receivers decode by codec name
    this.dataStore = new DataStore(config.dataDir());
    DataStore.Cleanup stale = dataStore.removeStaleTempFiles();
    if (stale.removed() + stale.unreadable() > 0) {
      LOG.warn("removed {} temp files left by an interrupted write ({} entries could not be read; {} of running writers kept)",
          stale.removed(), stale.unreadable(), stale.keptForLiveWriters());
    }
    this.clock = MarketClock.forHolidayFile(config.market().holidaysFile());
    this.cluster = ClusterView.of(vertx);
  }

  /** Deploys the roles' verticles; the future completes when every one of them is up. */
  public static Future<Node> start(Vertx vertx, MarketgateConfig config, Set<Role> roles) {
    Node node;
    try {
      node = new Node(vertx, config, roles);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return node.deployAll().map(v -> node);
  }

  public Vertx vertx() {
    return vertx;
  }

  public DataStore dataStore() {
    return dataStore;
  }

  /** The daily history store, when this node has the history or scans role. */
  public SqliteDailyHistory history() {
    return history;
  }

  /** The gateway's bound port, or -1 when this node has no gateway. */
  public int httpPort() {
    return gateway == null ? -1 : gateway.actualPort();
  }

  private Future<Void> deployAll() {
    cluster.announce(roles.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList());
    Future<Void> chain = Future.succeededFuture();
    if (roles.contains(Role.TICKS) || roles.contains(Role.PUBLISH) || roles.contains(Role.HISTORY)) {
      try {
        universe = loadUniverse();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    if (roles.contains(Role.TICKS)) {
      // The tick source, the candle store and the publisher are one unit on one node of the cluster.
      chain = chain.compose(v -> singleton(Singletons.TICKS, this::deployTicksUnit));
    }
    if (roles.contains(Role.HISTORY) || roles.contains(Role.SCANS)) {
      try {
        history = SqliteDailyHistory.open(SqliteDailyHistory.file(config));
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    if (roles.contains(Role.HISTORY)) {
      // Every history node stores each closed day; one of them finds the day's candles, so all store the
      // same. The rollup first, so the history's catch-up at start finds it on this node.
      chain = chain.compose(v -> singleton(Singletons.ROLLUP, () -> unit(List.of(new UnitPart(
          () -> new DayRollupVerticle(history, clock, java.time.Clock.systemUTC(), dataStore), false)))));
      chain = chain.compose(v -> deploy(() -> new HistoryVerticle(config.history(), history, clock, historySeed(),
          java.time.Clock.systemUTC()), true));
    }
    if (roles.contains(Role.SCANS)) {
      chain = chain.compose(v -> deploy(() -> new ScanVerticle(config, history), false));
    }
    if (roles.contains(Role.BLUEDOT)) {
      if (config.bluedot().folderId().isBlank()) {
        LOG.info("BlueDot Drive sync is off (set bluedot.folderId and Drive credentials); `job bluedot` still converts folders");
      } else {
        chain = chain.compose(v -> singleton(Singletons.DRIVE_SYNC,
            () -> unit(List.of(new UnitPart(() -> new DriveSyncVerticle(config), true)))));
      }
    }
    if (roles.contains(Role.MONITOR)) {
      chain = chain.compose(v -> singleton(Singletons.MONITOR,
          () -> unit(List.of(new UnitPart(() -> new MonitorVerticle(config, clock), false)))));
    }
    if (roles.contains(Role.BOT)) {
      // Without TELEGRAM_BOT_TOKEN it logs once that the bot is off and answers bot.status with "off".
      // One bot node in the cluster: Telegram serves getUpdates to one poller at a time, and the chats'
      // watches live in that node's data directory (on a shared volume they survive a failover).
      chain = chain.compose(v -> singleton(Singletons.BOT,
          () -> unit(List.of(new UnitPart(() -> new BotVerticle(config, dataStore, clock), false)))));
    }
    List<JobType> jobs = jobTypes();
    if (!jobs.isEmpty()) {
      chain = chain.compose(v -> deploy(() -> new JobHostVerticle(config.jobs(), jobs), false));
    }
    if (roles.contains(Role.GATEWAY)) {
      // Last, so /health/ready and the port only appear once the workers behind them are up.
      chain = chain.compose(v -> deploy(() -> {
        gateway = new GatewayVerticle(config, vertx::isClustered);
        return gateway;
      }, false));
    }
    return chain;
  }

  /** The jobs of {@code POST /api/v1/jobs} this node runs: those of its roles. */
  private List<JobType> jobTypes() {
    List<JobType> types = new ArrayList<>();
    if (roles.contains(Role.PUBLISH)) {
      types.add(JobTypes.publishSnapshot(config));
    }
    if (roles.contains(Role.SCANS)) {
      types.add(JobTypes.scan(config));
    }
    if (roles.contains(Role.BLUEDOT)) {
      types.add(JobTypes.bluedot(config));
    }
    if (roles.contains(Role.HISTORY)) {
      types.add(JobTypes.importTicks(history));
      types.add(JobTypes.importCsv(history));
    }
    if (roles.contains(Role.MONITOR)) {
      types.add(JobTypes.monitor(config.gateway().busTimeoutMillis()));
    }
    return types;
  }

  /** The instruments the candle store holds: those the tick source can send. Runs before any verticle. */
  private Universe loadUniverse() throws IOException {
    switch (config.ticks().source()) {
      case "kite":
        if (config.kite().instrumentsFile() == null) {
          return Universe.builtIn();
        }
        try (var in = java.nio.file.Files.newInputStream(config.kite().instrumentsFile())) {
          return KiteInstruments.parse(in);
        }
      case "replay":
        if (config.replay().file() == null) {
          throw new marketgate.shared.config.ConfigException("replay.file", "ticks.source is replay but no file is set");
        }
        replayFile = TicksJsonReader.read(config.replay().file());
        return replayFile.universe();
      default:
        return Universe.builtIn().limit(config.simulator().instrumentLimit());
    }
  }

  /** What metadata.json calls the data: live (Kite), replay or simulator. */
  String dataSource() {
    switch (config.ticks().source()) {
      case "kite":
        return "live";
      case "replay":
        return "replay";
      case "none":
        return "history";
      default:
        return "simulator";
    }
  }

  /**
   * The ticks unit: a fresh candle store (recovered from this node's checkpoint and journal, or seeded
   * from the newest published snapshot after a failover), its intake and queries, the tick source
   * and, with the publish role, the publisher.
   */
  private Future<List<String>> deployTicksUnit() {
    candleStore = new CandleStore(universe, config.ticks().ringSize(), config.ticks().keepOutOfSessionTicks(),
        config.ticks().outOfOrderMillis());
    List<UnitPart> parts = new ArrayList<>();
    // In a cluster the unit may be taking over from a node that died: start from the newest published data.
    parts.add(new UnitPart(() -> new TicksVerticle(config.ticks(), candleStore, dataStore, vertx.isClustered()), false));
    parts.add(new UnitPart(() -> new CandleQueryVerticle(candleStore), false));
    parts.add(new UnitPart(() -> new CandleUpdatesVerticle(candleStore, config.stream().coalesceMillis()), false));
    tickSource().ifPresent(parts::add);
    if (roles.contains(Role.PUBLISH)) {
      parts.add(new UnitPart(() -> new PublishVerticle(config, candleStore, dataStore, clock, dataSource()), false));
    }
    return unit(parts);
  }

  private java.util.Optional<UnitPart> tickSource() {
    switch (config.ticks().source()) {
      case "simulator":
        return java.util.Optional.of(new UnitPart(() -> {
          resumeSimulation();
          return new SimulatorVerticle(config.simulator(), simulator(), simulatedClock(), config.ticks().maxInFlightBatches());
        }, false, true));
      case "kite":
        return java.util.Optional.of(new UnitPart(() -> new KiteTickerVerticle(config.kite(), config.secrets(), universe,
            new java.util.Random(), config.ticks().maxInFlightBatches()), false, true));
      case "replay":
        return java.util.Optional.of(new UnitPart(
            () -> new ReplayVerticle(replayFile, config.replay().speed(), config.ticks().maxInFlightBatches()), false, true));
      default:
        return java.util.Optional.empty();
    }
  }

  /**
   * Runs after the candle store recovered (or was seeded after a failover): the simulated market goes
   * on from the store's newest tick, its prices and its cumulative volumes, rather than replaying the
   * session from 09:15 again.
   */
  private void resumeSimulation() {
    long newest = candleStore.stats().lastTickMillis();
    if (newest <= 0) {
      return;
    }
    simulatedClock = new SimulatedClock(clock, Instant.now(), newest);
    long day = MarketClock.istDate(newest / 1000).toEpochDay();
    int resumed = 0;
    for (int idx = 0; idx < candleStore.instrumentCount(); idx++) {
      CandleStore.LatestTick last = candleStore.latest(idx);
      if (last != null && MarketClock.istDate(last.epochMillis() / 1000).toEpochDay() == day) {
        simulator().resume(idx, last.price(), last.cumulativeVolume(), last.epochMillis());
        resumed++;
      }
    }
    LOG.info("simulated market resumes at {} with {} instruments' last prices and volumes",
        Instant.ofEpochMilli(simulatedClock.marketMillis(System.currentTimeMillis())), resumed);
  }

  /** One verticle of a singleton unit; {@code tickSource} marks the part {@link #stopTickSource} stops. */
  private record UnitPart(Supplier<VerticleBase> factory, boolean worker, boolean tickSource) {
    UnitPart(Supplier<VerticleBase> factory, boolean worker) {
      this(factory, worker, false);
    }
  }

  /** Deploys a unit's parts in order; if one fails, undeploys the ones before it and fails. */
  private Future<List<String>> unit(List<UnitPart> parts) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (UnitPart part : parts) {
      chain = chain.compose(v -> deployVerticle(part.factory(), part.worker()).map(id -> {
        ids.add(id);
        if (part.tickSource()) {
          tickSourceDeployment = id;
        }
        return null;
      }));
    }
    return chain.map(v -> ids).recover(e -> {
      Future<Void> undo = Future.succeededFuture();
      for (int i = ids.size() - 1; i >= 0; i--) {
        String id = ids.get(i);
        undo = undo.compose(v -> vertx.undeploy(id).otherwiseEmpty());
      }
      return undo.compose(v -> Future.failedFuture(e));
    });
  }

  /** Runs a unit as a cluster singleton (see {@link ClusterSingleton}); stopped with the node. */
  private Future<Void> singleton(String name, Supplier<Future<List<String>>> unit) {
    ClusterConfig cc = config.cluster();
    ClusterSingleton singleton = new ClusterSingleton(vertx, cluster, name, unit, cc.singletonLockWaitMillis(),
        cc.singletonRetryMillis());
    singletons.add(singleton);
    stops.push(singleton::stop);
    return singleton.start();
  }

  /** The singletons this node runs or stands by for. */
  public List<ClusterSingleton> singletons() {
    return List.copyOf(singletons);
  }

  public ClusterView cluster() {
    return cluster;
  }

  /** A year of simulated daily candles ending the trading day before the simulated session, if simulating. */
  private java.util.function.Supplier<java.util.Map<String, marketgate.shared.model.DailySeries>> historySeed() {
    if (!config.ticks().source().equals("simulator") || universe == null) {
      return null;
    }
    return () -> simulator().history(clock, clock.previousTradingDay(simulatedClock().firstDay()),
        config.simulator().historyDays());
  }

  SimulatedClock simulatedClock() {
    if (simulatedClock == null) {
      // After a restart the simulated session resumes at the recovered store's newest tick.
      long resumeAfter = candleStore == null ? 0 : candleStore.stats().lastTickMillis();
      simulatedClock = new SimulatedClock(clock, Instant.now(), resumeAfter);
    }
    return simulatedClock;
  }

  MarketSimulator simulator() {
    if (simulator == null) {
      simulator = new MarketSimulator(universe, config.simulator().seed());
    }
    return simulator;
  }

  private Future<Void> deploy(Supplier<VerticleBase> factory, boolean worker) {
    return deployVerticle(factory, worker).onSuccess(id -> stops.push(() -> undeploy(id))).mapEmpty();
  }

  private Future<String> deployVerticle(Supplier<VerticleBase> factory, boolean worker) {
    VerticleBase verticle = factory.get();
    DeploymentOptions options = new DeploymentOptions()
        .setThreadingModel(worker ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    return vertx.deployVerticle(verticle, options)
        .onSuccess(id -> LOG.info("started {}", verticle.getClass().getSimpleName()));
  }

  private Future<Void> undeploy(String id) {
    return vertx.undeploy(id).recover(e -> {
      LOG.error("stopping {} failed: {}", id, e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Stops the tick source alone (the feed goes quiet, the store stays): what the monitor must notice. */
  public Future<Void> stopTickSource() {
    String id = tickSourceDeployment;
    tickSourceDeployment = null;
    if (id == null) {
      return Future.succeededFuture();
    }
    singletons.forEach(s -> s.forget(id));
    return vertx.undeploy(id);
  }

  /** Undeploys in reverse start order, then closes Vert.x. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    while (!stops.isEmpty()) {
      Supplier<Future<Void>> stop = stops.pop();
      chain = chain.compose(v -> stop.get());
    }
    return chain.compose(v -> vertx.close()).onComplete(v -> closeHistory());
  }

  private void closeHistory() {
    if (history != null) {
      try {
        history.close();
      } catch (IOException e) {
        LOG.warn("closing the history store: {}", e.getMessage());
      }
    }
  }
}
