package marketgate.shared.bus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a bus worker says "too busy, come back later": it fails the request with {@link #CODE} and a
 * message ending in {@code "; retry after N s"}; the gateway answers HTTP 429 with {@code Retry-After: N}.
 * A reply failure carries only a code and a text, so the hint travels in the text.
 */
public final class Overloaded {
  public static final int CODE = 429;
  private static final Pattern HINT = Pattern.compile("retry after (\\d{1,6}) s$");

  private Overloaded() {}

  public static String message(String reason, long retryAfterSeconds) {
    return reason + "; retry after " + Math.max(1, retryAfterSeconds) + " s";
  }

  /** The hint of a {@link #message}, or 1 second when the text carries none. */
  public static long retryAfterSeconds(String message) {
    Matcher m = message == null ? null : HINT.matcher(message);
    return m != null && m.find() ? Math.max(1, Long.parseLong(m.group(1))) : 1;
  }
}
