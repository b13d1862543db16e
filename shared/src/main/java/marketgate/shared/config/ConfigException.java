package marketgate.shared.config;

/** An invalid configuration value; the message names the key so a person can fix it. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super("config key '" + key + "': " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
