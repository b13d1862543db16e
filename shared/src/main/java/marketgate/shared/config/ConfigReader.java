package marketgate.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Typed, validated reads from one section of the merged config; errors name the full key. */
public final class ConfigReader {
  private final JsonObject json;
  private final String prefix;

  public ConfigReader(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  public String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  public ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof JsonObject)) {
      throw new ConfigException(key(name), "must be an object");
    }
    return new ConfigReader((JsonObject) value, key(name));
  }

  public JsonObject raw() {
    return json;
  }

  public String string(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof String)) {
      throw new ConfigException(key(name), "must be a string, got " + describe(value));
    }
    return (String) value;
  }

  public String oneOf(String name, Set<String> allowed) {
    String value = string(name);
    if (!allowed.contains(value)) {
      throw new ConfigException(key(name), "'" + value + "' is not one of " + allowed);
    }
    return value;
  }

  public boolean bool(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof Boolean)) {
      throw new ConfigException(key(name), "must be true or false, got " + describe(value));
    }
    return (Boolean) value;
  }

  public long longIn(String name, long min, long max) {
    Object value = json.getValue(name);
    if (!(value instanceof Number) || value instanceof Double && ((Double) value) % 1 != 0) {
      throw new ConfigException(key(name), "must be a whole number, got " + describe(value));
    }
    long v = ((Number) value).longValue();
    if (v < min || v > max) {
      throw new ConfigException(key(name), v + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  public int intIn(String name, int min, int max) {
    return (int) longIn(name, min, max);
  }

  public double doubleIn(String name, double min, double max) {
    Object value = json.getValue(name);
    if (!(value instanceof Number)) {
      throw new ConfigException(key(name), "must be a number, got " + describe(value));
    }
    double v = ((Number) value).doubleValue();
    if (!(v >= min && v <= max)) {
      throw new ConfigException(key(name), v + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  /** A path, or null when the value is the empty string (meaning "not set"). */
  public Path optionalPath(String name) {
    String value = string(name);
    return value.isBlank() ? null : Path.of(value);
  }

  public List<String> stringList(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof JsonArray)) {
      throw new ConfigException(key(name), "must be a list of strings, got " + describe(value));
    }
    List<String> list = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String)) {
        throw new ConfigException(key(name), "must be a list of strings, got an item " + describe(item));
      }
      list.add((String) item);
    }
    return List.copyOf(list);
  }

  public List<String> stringListOf(String name, Set<String> allowed) {
    List<String> list = stringList(name);
    for (String item : list) {
      if (!allowed.contains(item)) {
        throw new ConfigException(key(name), "'" + item + "' is not one of " + allowed);
      }
    }
    return list;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    return value.toString();
  }
}
