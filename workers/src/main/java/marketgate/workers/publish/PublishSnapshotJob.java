package marketgate.workers.publish;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.StoreCheckpoint;
import marketgate.workers.ticks.TickJournal;
import marketgate.workers.ticks.simulator.MarketSimulator;

/**
 * {@code marketgate job publish-snapshot [--target local|git|github] [--git-remote URL]}: publishes
 * once what the data directory's checkpoint and tick journal hold (or, when they hold nothing, a
 * simulated session) and exits: 0 on success, 1 with a message on failure.
 */
public final class PublishSnapshotJob {
  private final MarketgateConfig config;
  private final String target;
  private final String gitRemote;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param target one target instead of {@code publish.targets}, or null
   * @param gitRemote a remote instead of {@code publish.git.remote}, or null
   */
  public PublishSnapshotJob(MarketgateConfig config, String target, String gitRemote, PrintStream out,
      PrintStream err) {
    this.config = config;
    this.target = target;
    this.gitRemote = gitRemote;
    this.out = out;
    this.err = err;
  }

  public int run() {
    Vertx vertx = Vertx.vertx();
    try {
      DataStore dataStore = new DataStore(config.dataDir());
      MarketClock clock = MarketClock.forHolidayFile(config.market().holidaysFile());
      Universe universe = Universe.builtIn();
      CandleStore store = new CandleStore(universe, config.ticks().ringSize(), config.ticks().keepOutOfSessionTicks());
      String source = load(dataStore, store, universe, clock);
      List<String> names = target == null ? config.publish().targets() : List.of(target);
      List<PublishTarget> targets = names.stream().map(name -> "git".equals(name) && gitRemote != null
          ? PublishTargets.git(vertx, config, gitRemote)
          : PublishTargets.create(vertx, config, dataStore, name)).toList();
      SnapshotPublisher publisher = new SnapshotPublisher(vertx, config.publish(), config.alerts(), store, clock, source,
          targets, names.contains("local") ? dataStore : null);
      JsonObject result = publisher.publish().await();
      out.println(summary(result, names));
      return 0;
    } catch (Exception e) {
      err.println("publish-snapshot failed: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().await();
    }
  }

  /** The line a publish ends with (also for a publish on a running system, {@code job publish-snapshot --gateway}). */
  public static String summary(JsonObject result, List<String> targets) {
    return String.format("published %d instruments, %d candles to %s: %s", result.getInteger("instruments"),
        result.getLong("candles"), targets, result.getString("dated_file"));
  }

  /** Loads checkpoint + journal; falls back to a simulated session. Returns the data source name. */
  private String load(DataStore dataStore, CandleStore store, Universe universe, MarketClock clock) throws IOException {
    long version = new StoreCheckpoint(dataStore).load(store);
    int replayed = new TickJournal(dataStore).replay(Math.max(0, version), store);
    if (store.stats().instrumentsWithTicks() > 0) {
      out.printf("loaded the candle store: checkpoint version %d, %d journaled batches%n", version, replayed);
      return "live";
    }
    MarketSimulator simulator = new MarketSimulator(universe.limit(config.simulator().instrumentLimit()),
        config.simulator().seed());
    long ticks = SimulatedSession.fill(store, simulator, clock.latestSessionDay(Instant.now()),
        Math.max(1_000, 2 * simulator.size()));
    out.printf("no collected data in %s: publishing a simulated session (%d ticks)%n", config.dataDir(), ticks);
    return "simulator";
  }
}
