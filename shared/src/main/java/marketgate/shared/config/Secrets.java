package marketgate.shared.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets, only ever from the environment. {@link #toString()} never prints them, and
 * {@link #matches} compares in constant time so a webhook secret cannot be guessed byte by byte.
 */
public final class Secrets {
  private final Map<String, String> values;

  public static final String TELEGRAM_BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
  public static final String TELEGRAM_WEBHOOK_SECRET = "TELEGRAM_WEBHOOK_SECRET";
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  public static final String DRIVE_CHANNEL_TOKEN = "DRIVE_CHANNEL_TOKEN";
  public static final String GOOGLE_API_KEY = "GOOGLE_API_KEY";
  public static final String KITE_API_KEY = "KITE_API_KEY";
  public static final String KITE_ACCESS_TOKEN = "KITE_ACCESS_TOKEN";
  public static final String API_TOKEN = "MARKETGATE_API_TOKEN";

  private static final String[] NAMES = {
    TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, GITHUB_TOKEN, DRIVE_CHANNEL_TOKEN, GOOGLE_API_KEY,
    KITE_API_KEY, KITE_ACCESS_TOKEN, API_TOKEN
  };

  private Secrets(Map<String, String> values) {
    this.values = values;
  }

  public static Secrets from(Map<String, String> env) {
    java.util.HashMap<String, String> found = new java.util.HashMap<>();
    for (String name : NAMES) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        found.put(name, value);
      }
    }
    return new Secrets(Map.copyOf(found));
  }

  public static Secrets none() {
    return new Secrets(Map.of());
  }

  public Secrets with(String name, String value) {
    java.util.HashMap<String, String> copy = new java.util.HashMap<>(values);
    copy.put(name, value);
    return new Secrets(Map.copyOf(copy));
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Constant-time comparison of a presented value with the named secret; false when unset. */
  public boolean matches(String name, String presented) {
    String expected = values.get(name);
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Secrets" + values.keySet() + " (values hidden)";
  }
}
