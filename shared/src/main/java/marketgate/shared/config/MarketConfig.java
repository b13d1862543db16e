package marketgate.shared.config;

import java.nio.file.Path;

/** @param holidaysFile an NSE holiday file replacing the built-in one, or null */
public record MarketConfig(Path holidaysFile) {
  static MarketConfig from(ConfigReader r) {
    return new MarketConfig(r.optionalPath("holidaysFile"));
  }
}
