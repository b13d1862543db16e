package marketgate.shared.config;

import java.nio.file.Path;
import java.util.Set;

/** @param instrumentsFile Kite's instrument dump (CSV) naming the tokens to subscribe, or null */
public record KiteConfig(String url, String mode, Path instrumentsFile, int maxBackoffSeconds) {
  static KiteConfig from(ConfigReader r) {
    return new KiteConfig(
        r.string("url"),
        r.oneOf("mode", Set.of("ltp", "quote", "full")),
        r.optionalPath("instrumentsFile"),
        r.intIn("maxBackoffSeconds", 1, 3600));
  }
}
