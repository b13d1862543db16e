package marketgate.shared.config;

public record AlertsConfig(int staleDataThresholdMinutes) {
  static AlertsConfig from(ConfigReader r) {
    return new AlertsConfig(r.intIn("staleDataThresholdMinutes", 1, 100_000));
  }
}
