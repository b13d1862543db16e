package marketgate.shared.cluster;

/** The names of the units that run on exactly one node of the cluster (see {@link ClusterSingleton}). */
public final class Singletons {
  private Singletons() {}

  /** The tick source with its candle store and the publisher. */
  public static final String TICKS = "ticks";
  /** The BlueDot Drive sync. */
  public static final String DRIVE_SYNC = "drive-sync";

  /** The monitor: checks and incidents, so one alert per incident however many monitor nodes. */
  public static final String MONITOR = "monitor";

  /** The Telegram bot: one getUpdates poller, one owner of the chats' watches. */
  public static final String BOT = "bot";
}
