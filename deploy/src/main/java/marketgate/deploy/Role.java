package marketgate.deploy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a node runs. {@code marketgate run} runs all of them in one JVM. */
public enum Role {
  /** The candle engine and the configured tick source. */
  TICKS,
  /** Daily history (SQLite) and its end-of-day rollup. */
  HISTORY,
  /** Snapshot publishing (must run beside TICKS: it reads the candle store directly). */
  PUBLISH,
  SCANS,
  BLUEDOT,
  BOT,
  MONITOR,
  GATEWAY;

  public static Set<Role> parse(String csv) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : csv.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        roles.add(Role.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role '" + part.trim() + "', allowed: " + labels());
      }
    }
    return roles;
  }

  public static String labels() {
    return Arrays.stream(values()).map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
  }
}
