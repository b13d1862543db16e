package marketgate.shared.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The whole configuration, read once at start (see {@link ConfigLoader}). */
public record MarketgateConfig(
    Path dataDir,
    HttpConfig http,
    MarketConfig market,
    TicksConfig ticks,
    SimulatorConfig simulator,
    KiteConfig kite,
    ReplayConfig replay,
    PublishConfig publish,
    HistoryConfig history,
    GatewayConfig gateway,
    ScansConfig scans,
    BlueDotConfig bluedot,
    BotConfig bot,
    ClusterConfig cluster,
    AlertsConfig alerts,
    JobsConfig jobs,
    StreamConfig stream,
    Secrets secrets,
    JsonObject source) {

  public static MarketgateConfig from(JsonObject merged, Secrets secrets) {
    ConfigReader root = new ConfigReader(merged, "");
    String dataDir = root.string("dataDir");
    if (dataDir.isBlank()) {
      throw new ConfigException("dataDir", "must not be empty");
    }
    return new MarketgateConfig(
        Path.of(dataDir),
        HttpConfig.from(root.section("http")),
        MarketConfig.from(root.section("market")),
        TicksConfig.from(root.section("ticks")),
        SimulatorConfig.from(root.section("simulator")),
        KiteConfig.from(root.section("kite")),
        ReplayConfig.from(root.section("replay")),
        PublishConfig.from(root.section("publish")),
        HistoryConfig.from(root.section("history")),
        GatewayConfig.from(root.section("gateway")),
        ScansConfig.from(root.section("scans")),
        BlueDotConfig.from(root.section("bluedot")),
        BotConfig.from(root.section("bot")),
        ClusterConfig.from(root.section("cluster")),
        AlertsConfig.from(root.section("alerts")),
        JobsConfig.from(root.section("jobs")),
        StreamConfig.from(root.section("stream")),
        secrets,
        merged);
  }

  /** The defaults alone, with no secrets: what a test or {@code marketgate run} starts from. */
  public static MarketgateConfig defaults() {
    return from(ConfigLoader.defaults(), Secrets.none());
  }

  /** A copy with another data directory (tests, {@code --data-dir}). */
  public MarketgateConfig withOverrides(JsonObject overrides) {
    JsonObject merged = source.copy();
    ConfigLoader.merge(merged, overrides, "");
    return from(merged, secrets);
  }

  /** The config as JSON for verticle deployment options; secrets are not in it. */
  public JsonObject toJson() {
    return source.copy();
  }
}
