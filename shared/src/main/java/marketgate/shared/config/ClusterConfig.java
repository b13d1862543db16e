package marketgate.shared.config;

import java.nio.file.Path;

/** @param configFile a Hazelcast {@code cluster.xml}; null uses the one in the jar */
public record ClusterConfig(boolean enabled, Path configFile) {
  static ClusterConfig from(ConfigReader r) {
    return new ClusterConfig(r.bool("enabled"), r.optionalPath("configFile"));
  }
}
