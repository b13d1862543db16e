package marketgate.shared.config;

import java.nio.file.Path;

/** @param speed 0 replays as fast as possible, 1 in real time, 10 ten times faster */
public record ReplayConfig(Path file, double speed) {
  static ReplayConfig from(ConfigReader r) {
    return new ReplayConfig(r.optionalPath("file"), r.doubleIn("speed", 0, 1_000_000));
  }
}
