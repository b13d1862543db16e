package marketgate.shared.config;

import java.nio.file.Path;

/**
 * @param configFile a Hazelcast {@code cluster.xml}; null uses the one in the jar
 * @param singletonLockWaitMillis how long one try for a singleton's lock waits
 * @param singletonRetryMillis how often a standby tries again (with the cluster manager's failure
 *     detection, this bounds the takeover time after the holder dies)
 * @param resultTtlSeconds how long shared records (scan results, job records) are kept cluster-wide
 */
public record ClusterConfig(boolean enabled, Path configFile, long singletonLockWaitMillis, long singletonRetryMillis,
    long resultTtlSeconds) {
  static ClusterConfig from(ConfigReader r) {
    return new ClusterConfig(r.bool("enabled"), r.optionalPath("configFile"),
        r.longIn("singletonLockWaitMillis", 10, 60_000), r.longIn("singletonRetryMillis", 100, 600_000),
        r.longIn("resultTtlSeconds", 1, 7 * 86_400));
  }
}
