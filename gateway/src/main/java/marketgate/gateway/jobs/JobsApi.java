package marketgate.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.JobsConfig;
import marketgate.shared.jobs.JobCatalog;
import marketgate.shared.jobs.JobRecords;
import marketgate.shared.jobs.JobState;

/**
 * {@code /api/v1/jobs}: a workflow (or an operator) deploys a job on the running system. The gateway
 * checks the envelope, writes a queued record into the shared "jobs" map and asks a node that has
 * the job's role ({@code jobs.start.<job>}) to take it; that node checks the arguments and runs the
 * job, which moves the record on. Behind {@link marketgate.gateway.api.ApiTokenAuth#required}.
 */
public final class JobsApi {
  static final String IDEMPOTENCY_MAP = "jobs.idempotency";
  private static final int MAX_KEY_LENGTH = 200;
  private static final int DEFAULT_LIST = 50;

  private final Vertx vertx;
  private final JobsConfig config;
  private final JobRecords records;

  public JobsApi(Vertx vertx, JobsConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.records = new JobRecords(vertx, config);
  }

  public JobRecords records() {
    return records;
  }

  public void submit(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      HttpErrors.send(ctx, 400, "bad request", "the body must be JSON like {\"job\": \"scan\", \"args\": {\"code\": \"X:12:9:2.5\"}}");
      return;
    }
    Object job = body.getValue("job");
    if (!(job instanceof String name) || !JobCatalog.known(name)) {
      HttpErrors.send(ctx, 400, "bad request", "job: " + (job == null ? "required" : "unknown job '" + job + "'")
          + "; one of " + String.join(", ", JobCatalog.names()));
      return;
    }
    Object args = body.getValue("args", new JsonObject());
    if (!(args instanceof JsonObject argsObject)) {
      HttpErrors.send(ctx, 400, "bad request", "args: must be a JSON object of the job's arguments");
      return;
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
      HttpErrors.send(ctx, 400, "bad request", "Idempotency-Key: must be 1 to " + MAX_KEY_LENGTH + " characters");
      return;
    }
    start(ctx, UUID.randomUUID().toString(), name, argsObject, key);
  }

  /**
   * With an idempotency key: the record of the job the key started first, else null (the key is
   * now this job's). This job's record is written before, so a concurrent first submit is always found.
   */
  private Future<JsonObject> firstOf(String key, String id) {
    if (key == null) {
      return Future.succeededFuture(null);
    }
    long ttl = config.idempotencyTtlSeconds() * 1000;
    return idempotency().compose(map -> map.putIfAbsent(key, id, ttl)
        .compose(first -> first == null ? Future.succeededFuture(null) : records.get(first).compose(record ->
            record != null ? records.remove(id).map(record)
                // Its job's record expired: the key starts this job.
                : map.put(key, id, ttl).map((JsonObject) null))));
  }

  private Future<AsyncMap<String, String>> idempotency() {
    return vertx.sharedData().getAsyncMap(IDEMPOTENCY_MAP);
  }

  private void start(RoutingContext ctx, String id, String job, JsonObject args, String key) {
    records.all().compose(all -> {
      long active = all.stream().filter(r -> !JobRecords.state(r).terminal()).count();
      if (active >= config.maxActive()) {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 429,
            active + " jobs are queued or running (jobs.maxActive)"));
      }
      return records.put(JobRecords.queued(id, job, args, Instant.now()));
    }).compose(v -> firstOf(key, id)).onComplete(first -> {
      if (first.failed()) {
        refused(ctx, id, job, key, first.cause());
      } else if (first.result() != null) {
        answer(ctx, 200, first.result()); // a retried submit: the job its key started first
      } else {
        vertx.eventBus().<JsonObject>request(Addresses.jobsStart(job),
                new JsonObject().put("id", id).put("job", job).put("args", args),
                new DeliveryOptions().setSendTimeout(config.startTimeoutMillis()))
            .compose(accepted -> records.get(id))
            .onSuccess(record -> answer(ctx, 202, record))
            .onFailure(e -> refused(ctx, id, job, key, e));
      }
    });
  }

  private void refused(RoutingContext ctx, String id, String job, String key, Throwable e) {
    if (key != null) {
      idempotency().compose(map -> map.removeIfPresent(key, id)); // a retry of a refused submit may start it
    }
    if (!(e instanceof ReplyException reply)) {
      HttpErrors.send(ctx, 500, "internal error", String.valueOf(e.getMessage()));
      return;
    }
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      String why = reply.failureType() == ReplyFailure.NO_HANDLERS
          ? "no node runs the " + JobCatalog.role(job) + " role, which " + job + " jobs need"
          : "no node with the " + JobCatalog.role(job) + " role accepted the job within " + config.startTimeoutMillis() + " ms";
      records.finish(id, JobState.FAILED, null, why);
      HttpErrors.send(ctx, 503, "unavailable", why, new JsonObject().put("id", id));
      return;
    }
    records.remove(id);
    switch (reply.failureCode()) {
      case 400 -> HttpErrors.send(ctx, 400, "bad request", reply.getMessage());
      case 409 -> {
        JsonObject conflict = conflict(reply.getMessage());
        HttpErrors.send(ctx, 409, "conflict", conflict.getString("detail"), new JsonObject().put("id", conflict.getString("id")));
      }
      case 429 -> {
        ctx.response().putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()));
        HttpErrors.send(ctx, 429, "too many requests", reply.getMessage());
      }
      default -> HttpErrors.send(ctx, 502, "worker failed", reply.getMessage());
    }
  }

  /** A host's 409 carries {@code {"id", "detail"}} as its message. */
  private static JsonObject conflict(String message) {
    try {
      return new JsonObject(message);
    } catch (DecodeException e) {
      return new JsonObject().put("detail", message);
    }
  }

  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    records.get(id).onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, 500, "internal error", ar.cause().getMessage());
      } else if (ar.result() == null) {
        notFound(ctx, id);
      } else {
        answer(ctx, 200, ar.result());
      }
    });
  }

  /** Newest first, without results (fetch one job for its result); {@code ?limit=} (default 50). */
  public void list(RoutingContext ctx) {
    int limit;
    try {
      String text = ctx.request().getParam("limit");
      limit = text == null ? DEFAULT_LIST : Integer.parseInt(text);
      if (limit < 1 || limit > config.maxRecords()) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      HttpErrors.send(ctx, 400, "bad request", "limit: a number from 1 to " + config.maxRecords());
      return;
    }
    records.all().onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, 500, "internal error", ar.cause().getMessage());
        return;
      }
      List<JsonObject> jobs = ar.result().stream()
          .sorted(Comparator.comparing((JsonObject r) -> r.getString("submittedAt", "")).reversed())
          .limit(limit).map(r -> {
            r.remove("result");
            return r;
          }).toList();
      json(ctx, 200, new JsonObject().put("count", jobs.size()).put("jobs", jobs));
    });
  }

  /** Cancels a queued or running job: its record turns {@code cancelled}, its node undeploys it. */
  public void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    AtomicReference<JobState> before = new AtomicReference<>();
    records.update(id, r -> {
      before.set(JobRecords.state(r));
      return JobRecords.finished(r, JobState.CANCELLED, null, "cancelled by request", Instant.now());
    }).onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, 500, "internal error", ar.cause().getMessage());
      } else if (ar.result() == null) {
        notFound(ctx, id);
      } else if (before.get().terminal()) {
        HttpErrors.send(ctx, 409, "conflict", "job " + id + " already " + ar.result().getString("state"),
            new JsonObject().put("id", id));
      } else {
        vertx.eventBus().publish(Addresses.JOBS_CANCEL, new JsonObject().put("id", id));
        answer(ctx, 200, ar.result());
      }
    });
  }

  private static void notFound(RoutingContext ctx, String id) {
    HttpErrors.send(ctx, 404, "not found", "no job " + id + " (finished jobs are kept for jobs.recordTtlSeconds)");
  }

  private static void answer(RoutingContext ctx, int status, JsonObject record) {
    ctx.response().putHeader("Location", "/api/v1/jobs/" + record.getString("id"));
    json(ctx, status, record);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
