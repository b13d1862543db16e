package marketgate.shared.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * @param instrumentsFile Kite's instrument dump (CSV) naming the tokens to subscribe, or null
 * @param heartbeatTimeoutSeconds no frame at all (Kite sends a 1-byte heartbeat every second) for
 *     this long means the connection is dead and is replaced
 */
public record KiteConfig(
    String url, String mode, Path instrumentsFile, int maxBackoffSeconds, int heartbeatTimeoutSeconds) {
  static KiteConfig from(ConfigReader r) {
    return new KiteConfig(
        r.string("url"),
        r.oneOf("mode", Set.of("ltp", "quote", "full")),
        r.optionalPath("instrumentsFile"),
        r.intIn("maxBackoffSeconds", 1, 3600),
        r.intIn("heartbeatTimeoutSeconds", 2, 3600));
  }
}
