package marketgate.shared.cluster;

import java.util.List;

/** The names of the units that run on exactly one node of the cluster (see {@link ClusterSingleton}). */
public final class Singletons {
  private Singletons() {}

  /** The tick source with its candle store and the publisher. */
  public static final String TICKS = "ticks";
  /** The BlueDot Drive sync. */
  public static final String DRIVE_SYNC = "drive-sync";

  /** The monitor: checks and incidents, so one alert per incident however many monitor nodes. */
  public static final String MONITOR = "monitor";

  /** The Telegram bot in polling mode (Telegram answers one getUpdates poller at a time). */
  public static final String BOT_POLLING = "bot-polling";

  public static final List<String> ALL = List.of(TICKS, DRIVE_SYNC, MONITOR, BOT_POLLING);
}
