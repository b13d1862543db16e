package marketgate.workers.jobs;

import io.vertx.core.json.JsonObject;

/**
 * How a job ended: its exit code as {@code marketgate job} would answer it (0 is success), what it
 * produced ({@code data}, e.g. a scan's rows) and, on failure, why.
 */
record JobOutcome(int exitCode, JsonObject data, String error) {
  static JobOutcome ok(JsonObject data) {
    return new JobOutcome(0, data, null);
  }

  static JobOutcome failed(int exitCode, String error) {
    return new JobOutcome(exitCode == 0 ? 1 : exitCode, new JsonObject(), error);
  }

  boolean succeeded() {
    return exitCode == 0;
  }
}
