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
 * a read-modify-write under the record's cluster-wide lock, and nothing leaves a final state.
 *
 * <p>A record: {@code {"id", "job", "args", "state", "submittedAt", "startedAt", "finishedAt",
 * "node", "deploymentId", "progress": {"done", "total"}, "result", "error"}}; times are ISO-8601 UTC
 * with milliseconds, so they sort as text.
 */
public final class JobRecords {
  public static final String MAP = "jobs";
  private static final String LOCK_PREFIX = "jobs.record.";
  private static final long LOCK_TIMEOUT_MILLIS = 10_000;
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
   * Applies {@code change} to a copy of the record and stores the result, holding the record's
   * cluster-wide lock so no other writer's change is lost in between. Answers the stored record, or
   * null when there is no record with that id. (A lock rather than {@code replaceIfPresent}: on
   * Hazelcast a compare-and-set of a JsonObject never matched, as ClusterIT showed.)
   */
  public Future<JsonObject> update(String id, UnaryOperator<JsonObject> change) {
    return vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + id, LOCK_TIMEOUT_MILLIS).compose(lock ->
        map().compose(m -> m.get(id).compose(current -> {
          if (current == null) {
            return Future.succeededFuture((JsonObject) null);
          }
          JsonObject next = change.apply(current.copy());
          return next.equals(current) ? Future.succeededFuture(next) : m.put(id, next.copy(), ttlMillis).map(next);
        })).onComplete(ar -> lock.release()));
  }

  /** Moves a record to a final state (no-op when it already is final). */
  public Future<JsonObject> finish(String id, JobState state, JsonObject result, String error) {
    return update(id, r -> finished(r, state, result, error, Instant.now()));
  }
}
