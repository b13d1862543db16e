package marketgate.shared.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration once at start: built-in defaults, then the JSON file, then
 * {@code MARKETGATE_*} environment variables, then command-line overrides.
 *
 * <p>The environment name of a key is its path in upper snake case: {@code publish.git.remote}
 * is {@code MARKETGATE_PUBLISH_GIT_REMOTE}, {@code ticks.ringSize.1m} is
 * {@code MARKETGATE_TICKS_RING_SIZE_1M}. Lists take comma-separated values. Keys missing from the
 * defaults are typos and stop start-up.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "MARKETGATE_";
  private static final String DEFAULTS = "/marketgate/shared/config/defaults.json";

  private ConfigLoader() {}

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file the {@code --config} file, or null
   * @param env the process environment (a map, so tests can pass their own)
   * @param overrides command-line values as a partial config tree
   */
  public static MarketgateConfig load(Path file, Map<String, String> env, JsonObject overrides) {
    JsonObject merged = defaults();
    if (file != null) {
      JsonObject fromFile;
      try {
        fromFile = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
      } catch (DecodeException e) {
        throw new ConfigException("--config", file + " is not valid JSON: " + e.getMessage());
      }
      merge(merged, fromFile, "");
    }
    applyEnvironment(merged, env, "");
    if (overrides != null) {
      merge(merged, overrides, "");
    }
    return MarketgateConfig.from(merged, Secrets.from(env));
  }

  /** Deep-merges {@code source} into {@code target}, refusing keys the defaults do not have. */
  static void merge(JsonObject target, JsonObject source, String prefix) {
    for (Map.Entry<String, Object> entry : source) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      if (!target.containsKey(entry.getKey())) {
        throw new ConfigException(key, "unknown key (allowed here: " + target.fieldNames() + ")");
      }
      Object existing = target.getValue(entry.getKey());
      Object value = entry.getValue();
      if (existing instanceof JsonObject && value instanceof JsonObject && !isFreeMap(key)) {
        merge((JsonObject) existing, (JsonObject) value, key);
      } else {
        target.put(entry.getKey(), value);
      }
    }
  }

  /** Maps whose keys are data, not schema (patterns), are replaced whole. */
  private static boolean isFreeMap(String key) {
    return key.equals("gateway.freshness");
  }

  static void applyEnvironment(JsonObject node, Map<String, String> env, String prefix) {
    for (String name : node.fieldNames()) {
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      Object value = node.getValue(name);
      if (value instanceof JsonObject && !isFreeMap(key)) {
        applyEnvironment((JsonObject) value, env, key);
        continue;
      }
      String text = env.get(envName(key));
      if (text == null) {
        continue;
      }
      node.put(name, parseLike(value, text, key));
    }
  }

  public static String envName(String key) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '-') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }

  private static Object parseLike(Object template, String text, String key) {
    String envName = envName(key);
    try {
      if (template instanceof Boolean) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new ConfigException(key, envName + "=" + text + " must be true or false");
        }
        return Boolean.parseBoolean(text);
      }
      if (template instanceof Integer || template instanceof Long) {
        return Long.parseLong(text.trim());
      }
      if (template instanceof Number) {
        return Double.parseDouble(text.trim());
      }
      if (template instanceof JsonArray) {
        JsonArray list = new JsonArray();
        for (String item : text.split(",")) {
          if (!item.isBlank()) {
            list.add(item.trim());
          }
        }
        return list;
      }
      if (template instanceof JsonObject) {
        return new JsonObject(text);
      }
      return text;
    } catch (NumberFormatException | DecodeException e) {
      throw new ConfigException(key, envName + "=" + text + " is not a valid value: " + e.getMessage());
    }
  }
}
