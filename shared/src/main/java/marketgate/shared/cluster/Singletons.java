package marketgate.shared.cluster;

/** The names of the units that run on exactly one node of the cluster (see {@link ClusterSingleton}). */
public final class Singletons {
  private Singletons() {}

  /** The tick source with its candle store and the publisher. */
  public static final String TICKS = "ticks";
  /**
   * The end-of-day rollup: finds each closed day's candles once (candle engine or published
   * snapshots) and hands the same bars to every history node.
   */
  public static final String ROLLUP = "rollup";
  /** The BlueDot Drive sync. */
  public static final String DRIVE_SYNC = "drive-sync";

  /** The monitor: checks and incidents, so one alert per incident however many monitor nodes. */
  public static final String MONITOR = "monitor";

  /** The Telegram bot: one getUpdates poller, one owner of the chats' watches. */
  public static final String BOT = "bot";
}
