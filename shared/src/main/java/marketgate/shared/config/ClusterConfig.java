package marketgate.shared.config;

import java.nio.file.Path;
import java.util.List;

/**
 * @param configFile a Hazelcast {@code cluster.xml}; null uses the one in the jar
 * @param host the address this member binds and announces (Hazelcast and the event bus); empty
 *     keeps the XML's choice
 * @param port the Hazelcast member port; 0 keeps the XML's
 * @param busPort the clustered event bus's port; 0 picks a free one
 * @param members {@code host[:port]} of other members: TCP-IP discovery with multicast off; empty
 *     keeps the XML's discovery
 * @param singletonLockWaitMillis how long one try for a singleton's lock waits
 * @param singletonRetryMillis how often a standby tries again (with the cluster manager's failure
 *     detection, this bounds the takeover time after the holder dies)
 * @param resultTtlSeconds how long shared records (scan results, job records) are kept cluster-wide
 */
public record ClusterConfig(boolean enabled, Path configFile, String host, int port, int busPort, List<String> members,
    long singletonLockWaitMillis, long singletonRetryMillis, long resultTtlSeconds) {
  static ClusterConfig from(ConfigReader r) {
    return new ClusterConfig(r.bool("enabled"), r.optionalPath("configFile"), r.string("host").strip(),
        r.intIn("port", 0, 65_535), r.intIn("busPort", 0, 65_535), r.stringList("members"),
        r.longIn("singletonLockWaitMillis", 10, 60_000), r.longIn("singletonRetryMillis", 100, 600_000),
        r.longIn("resultTtlSeconds", 1, 7 * 86_400));
  }
}
