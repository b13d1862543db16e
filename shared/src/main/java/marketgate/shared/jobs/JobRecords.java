package marketgate.shared.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import marketgate.shared.config.JobsConfig;

/**
 * The job records in {@code vertx.sharedData().getAsyncMap("jobs")}: cluster-wide when clustered,
 * this JVM's otherwise. The gateway creates a record, the node running the job moves it on, and any
 * of them may read it. Several writers meet here (the job, a cancel, the sweep), so every change is
 * a compare-and-set of the whole record that retries on a lost race and never leaves a final state.
 *
 * <p>A record: {@code {"id", "job", "args", "state", "submittedAt", "startedAt", "finishedAt",
 * "node", "deploymentId", "progress": {"done", "total"}, "result", "error"}}; times are ISO-8601 UTC
 * with milliseconds, so they sort as text.
 */
public final class JobRecords {
  public static final String MAP = "jobs";
  private static final int MAX_RACES = 50;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final long ttlMillis;

  public JobRecords(Vertx vertx, JobsConfig config) {
    this.vertx = vertx;
    this.ttlMillis = config.recordTtlSeconds() * 1000;
  }

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** A new queued record. */
  public static JsonObject queued(String id, String job, JsonObject args, Instant now) {
    return new JsonObject().put("id", id).put("job", job).put("args", args)
        .put("state", JobState.QUEUED.label()).put("submittedAt", time(now));
  }

  public static JobState state(JsonObject record) {
    return JobState.of(record.getString("state"));
  }

  /** The record in a final state, unless it already is in one (a cancel or a sweep came first). */
  public static JsonObject finished(JsonObject record, JobState state, JsonObject result, String error, Instant now) {
    if (state(record).terminal()) {
      return record;
    }
    record.put("state", state.label()).put("finishedAt", time(now));
    if (result != null) {
      record.put("result", result);
    }
    if (error != null) {
      record.put("error", error);
    }
    return record;
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }

  public Future<Void> put(JsonObject record) {
    return map().compose(m -> m.put(record.getString("id"), record.copy(), ttlMillis));
  }

  /** The record, or null when there is none (never was, or expired). */
  public Future<JsonObject> get(String id) {
    return map().compose(m -> m.get(id)).map(r -> r == null ? null : r.copy());
  }

  public Future<List<JsonObject>> all() {
    return map().compose(AsyncMap::values).map(values -> values.stream().map(JsonObject::copy).toList());
  }

  public Future<Void> remove(String id) {
    return map().compose(m -> m.remove(id)).mapEmpty();
  }

  /**
   * Applies {@code change} to a copy of the record and stores the result if nothing changed the
   * record in between (else reads again and retries). Answers the stored record, or null when there
   * is no record with that id.
   */
  public Future<JsonObject> update(String id, UnaryOperator<JsonObject> change) {
    return map().compose(m -> update(m, id, change, 0));
  }

  private Future<JsonObject> update(AsyncMap<String, JsonObject> m, String id, UnaryOperator<JsonObject> change,
      int races) {
    return m.get(id).compose(current -> {
      if (current == null) {
        return Future.succeededFuture(null);
      }
      JsonObject old = current.copy();
      JsonObject next = change.apply(current.copy());
      if (next.equals(old)) {
        return Future.succeededFuture(next);
      }
      return m.replaceIfPresent(id, old, next, ttlMillis).compose(replaced -> {
        if (replaced) {
          return Future.succeededFuture(next);
        }
        if (races >= MAX_RACES) {
          return Future.failedFuture("job " + id + " kept changing under " + MAX_RACES + " updates");
        }
        return update(m, id, change, races + 1);
      });
    });
  }

  /** Moves a record to a final state (no-op when it already is final). */
  public Future<JsonObject> finish(String id, JobState state, JsonObject result, String error) {
    return update(id, r -> finished(r, state, result, error, Instant.now()));
  }
}
