package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import marketgate.shared.config.ConfigLoader;
import marketgate.shared.config.MarketgateConfig;
import picocli.CommandLine.Option;

/** Options every command shares: the config file and the most common overrides. */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (MARKETGATE_* variables override it)")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default ./marketgate-data)")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the gateway (default 8080)")
  Integer port;

  /** Loads the config for a cluster member: as {@link #load()}, with {@code cluster.enabled} on. */
  public MarketgateConfig loadClustered() {
    return load().withOverrides(new JsonObject().put("cluster", new JsonObject().put("enabled", true)));
  }

  /** Loads the config once; a bad value throws ConfigException naming the key. */
  public MarketgateConfig load() {
    JsonObject overrides = new JsonObject();
    if (dataDir != null) {
      overrides.put("dataDir", dataDir.toString());
    }
    if (port != null) {
      overrides.put("http", new JsonObject().put("port", port));
    }
    return ConfigLoader.load(config, System.getenv(), overrides);
  }
}
