package marketgate.deploy;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Supplier;
import marketgate.gateway.GatewayVerticle;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.bluedot.drive.DriveSyncVerticle;
import marketgate.workers.history.HistoryVerticle;
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
  private final Deque<String> deployments = new ArrayDeque<>();
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
    this.dataStore = new DataStore(config.dataDir());
    int stale = dataStore.removeStaleTempFiles();
    if (stale > 0) {
      LOG.warn("removed {} temp files left by an interrupted write", stale);
    }
    this.clock = MarketClock.forHolidayFile(config.market().holidaysFile());
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
    Future<Void> chain = Future.succeededFuture();
    if (roles.contains(Role.TICKS) || roles.contains(Role.PUBLISH) || roles.contains(Role.HISTORY)) {
      try {
        universe = loadUniverse();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    if (roles.contains(Role.TICKS) || roles.contains(Role.PUBLISH)) {
      candleStore = new CandleStore(universe, config.ticks().ringSize(), config.ticks().keepOutOfSessionTicks());
    }
    if (roles.contains(Role.TICKS)) {
      chain = chain.compose(v -> deploy(() -> new TicksVerticle(config.ticks(), candleStore, dataStore), false));
      chain = chain.compose(v -> deploy(() -> new CandleQueryVerticle(candleStore), false));
      chain = chain.compose(v -> deploy(() -> new CandleUpdatesVerticle(candleStore, config.stream().coalesceMillis()), false));
      chain = chain.compose(v -> deployTickSource());
    }
    if (roles.contains(Role.HISTORY) || roles.contains(Role.SCANS)) {
      try {
        history = SqliteDailyHistory.open(SqliteDailyHistory.file(config));
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
    }
    if (roles.contains(Role.HISTORY)) {
      chain = chain.compose(v -> deploy(() -> new HistoryVerticle(config.history(), history, clock, historySeed()), true));
    }
    if (roles.contains(Role.PUBLISH)) {
      chain = chain.compose(v -> deploy(() -> new PublishVerticle(config, candleStore, dataStore, clock, dataSource()),
          false));
    }
    if (roles.contains(Role.SCANS)) {
      chain = chain.compose(v -> deploy(() -> new ScanVerticle(config, history), false));
    }
    if (roles.contains(Role.BLUEDOT)) {
      if (config.bluedot().folderId().isBlank()) {
        LOG.info("BlueDot Drive sync is off (set bluedot.folderId and Drive credentials); `job bluedot` still converts folders");
      } else {
        chain = chain.compose(v -> deploy(() -> new DriveSyncVerticle(config), true));
      }
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

  private Future<Void> deployTickSource() {
    switch (config.ticks().source()) {
      case "simulator":
        return deploy(() -> new SimulatorVerticle(config.simulator(), simulator(), simulatedClock()), false);
      case "kite":
        return deploy(() -> new KiteTickerVerticle(config.kite(), config.secrets(), universe), false);
      case "replay":
        return deploy(() -> new ReplayVerticle(replayFile, config.replay().speed()), false);
      default:
        return Future.succeededFuture();
    }
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
      simulatedClock = new SimulatedClock(clock, Instant.now());
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
    VerticleBase verticle = factory.get();
    DeploymentOptions options = new DeploymentOptions()
        .setThreadingModel(worker ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    return vertx.deployVerticle(verticle, options)
        .onSuccess(id -> {
          deployments.push(id);
          LOG.info("started {}", verticle.getClass().getSimpleName());
        })
        .mapEmpty();
  }

  /** Undeploys in reverse start order, then closes Vert.x. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    while (!deployments.isEmpty()) {
      String id = deployments.pop();
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> {
        LOG.error("stopping {} failed: {}", id, e.getMessage());
        return Future.succeededFuture();
      }));
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
