package marketgate.workers.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads a job's {@code args}, naming the argument in every complaint. */
final class JobArgs {
  private final JsonObject args;

  JobArgs(JsonObject args) {
    this.args = args == null ? new JsonObject() : args;
  }

  String required(String name, String example) {
    String value = optional(name);
    if (value == null || value.isBlank()) {
      throw new JobArgumentException(name, "required, e.g. \"" + name + "\": \"" + example + "\"");
    }
    return value.strip();
  }

  String optional(String name) {
    Object value = args.getValue(name);
    if (value != null && !(value instanceof String)) {
      throw new JobArgumentException(name, "must be a string");
    }
    return (String) value;
  }

  boolean flag(String name) {
    Object value = args.getValue(name);
    if (value != null && !(value instanceof Boolean)) {
      throw new JobArgumentException(name, "must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  List<String> strings(String name, String example) {
    Object value = args.getValue(name);
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new JobArgumentException(name, "required: a non-empty list, e.g. \"" + name + "\": [\"" + example + "\"]");
    }
    List<String> values = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw new JobArgumentException(name, "every entry must be a non-empty string");
      }
      values.add(s);
    }
    return values;
  }

  /** Rejects arguments the job does not take (a typo should not be silently ignored). */
  JobArgs only(String... names) {
    for (String key : args.fieldNames()) {
      if (!List.of(names).contains(key)) {
        throw new JobArgumentException(key, "unknown argument; this job takes " + (names.length == 0 ? "none" : String.join(", ", names)));
      }
    }
    return this;
  }
}
