package marketgate.workers.publish;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import marketgate.shared.time.MarketClock;

/** {@code data/metadata.json} in the exact shape of FORMATS.md. */
final class Metadata {
  static final String PATH = "data/metadata.json";
  /** Version of the data layout (FORMATS.md), not of the software. */
  static final String FORMAT_VERSION = "2.0.0";
  static final String PUBLISHER = "marketgate " + softwareVersion();

  private Metadata() {}

  record Facts(
      Instant publishTime,
      boolean marketHours,
      String dataSource,
      int instrumentCount,
      String lastFullSnapshot,
      String lastIncremental,
      List<String> datedFiles,
      JsonObject health,
      int staleThresholdMinutes) {}

  static JsonObject of(Facts facts) {
    return new JsonObject()
        .put("last_update", facts.publishTime().toString())
        .put("last_update_ist", MarketClock.ist(facts.publishTime()).toOffsetDateTime().toString())
        .put("is_market_hours", facts.marketHours())
        .put("data_source", facts.dataSource())
        .put("instrument_count", facts.instrumentCount())
        .put("version", FORMAT_VERSION)
        .put("publisher", PUBLISHER)
        .put("availability", "24x7")
        .put("last_full_snapshot", facts.lastFullSnapshot())
        .put("last_incremental", facts.lastIncremental())
        .put("incremental_files", new JsonArray(List.copyOf(facts.datedFiles())))
        .put("health", facts.health())
        .put("alerts", new JsonObject().put("stale_data_threshold_minutes", facts.staleThresholdMinutes()));
  }

  private static String softwareVersion() {
    String version = Metadata.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
