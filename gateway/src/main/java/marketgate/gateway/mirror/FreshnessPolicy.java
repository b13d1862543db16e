package marketgate.gateway.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Seconds a copy stays fresh, by path glob; the first matching pattern wins. */
public final class FreshnessPolicy {
  private record Rule(Pattern pattern, long millis) {}

  private final List<Rule> rules = new ArrayList<>();
  private final long defaultMillis;

  public FreshnessPolicy(Map<String, Integer> globs, int defaultSeconds) {
    // Config maps are unordered once copied; most specific (longest) globs first keeps "first match" meaningful.
    globs.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()))
        .forEach(e -> rules.add(new Rule(toRegex(e.getKey()), e.getValue() * 1000L)));
    this.defaultMillis = defaultSeconds * 1000L;
  }

  public long millisFor(String path) {
    for (Rule rule : rules) {
      if (rule.pattern.matcher(path).matches()) {
        return rule.millis;
      }
    }
    return defaultMillis;
  }

  /** {@code **} matches any depth, {@code *} one path segment, everything else literally. */
  static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
