package marketgate.workers.jobs;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.JobsConfig;
import marketgate.shared.jobs.JobRecords;
import marketgate.shared.jobs.JobState;
import marketgate.shared.jobs.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a node that has their role: answers {@code jobs.start.<job>} for each job type it was
 * given (validating the arguments, refusing a second run of the same batch and more than {@code
 * jobs.maxActivePerNode} jobs), deploys the job's verticle, and undeploys it on {@code jobs.cancel}.
 */
public final class JobHostVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobHostVerticle.class);
  /** conflict key -> id of the job holding it (cluster-wide, so two nodes never convert one batch). */
  static final String BATCHES_MAP = "jobs.batches";

  private final JobsConfig config;
  private final List<JobType> types;
  /** job id -> deployment id, of the jobs this node runs (null while deploying). */
  private final Map<String, String> active = new HashMap<>();
  private JobRecords records;
  private String node;

  public JobHostVerticle(JobsConfig config, List<JobType> types) {
    this.config = config;
    this.types = List.copyOf(types);
  }

  @Override
  public Future<?> start() {
    records = new JobRecords(vertx, config);
    node = NodeIdentity.of(vertx);
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    for (JobType type : types) {
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.jobsStart(type.name()), m -> start(type, m)));
    }
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_CANCEL, this::cancel));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private void start(JobType type, Message<JsonObject> message) {
    String id = message.body().getString("id");
    if (active.size() >= config.maxActivePerNode()) {
      message.fail(429, "node " + node + " already runs " + active.size() + " jobs (jobs.maxActivePerNode)");
      return;
    }
    JobVerticle job;
    try {
      job = type.create(message.body().getJsonObject("args", new JsonObject()));
    } catch (JobArgumentException e) {
      message.fail(400, e.getMessage());
      return;
    }
    job.bind(id, node, records, config.maxOutputBytes());
    active.put(id, null);
    claim(id, job.conflictKey()).onComplete(claimed -> {
      if (claimed.failed()) {
        active.remove(id);
        message.fail(500, "could not check for a running batch: " + claimed.cause().getMessage());
      } else if (claimed.result() != null) {
        active.remove(id);
        message.fail(409, new JsonObject().put("id", claimed.result())
            .put("detail", "job " + claimed.result() + " is already running " + type.name() + " "
                + job.conflictKey().substring(job.conflictKey().indexOf(':') + 1)).encode());
      } else {
        records.update(id, r -> r.put("node", node)).onComplete(ar -> {
          message.reply(new JsonObject().put("id", id).put("node", node));
          deploy(id, job);
        });
      }
    });
  }

  /** Takes the job's conflict key; answers the id of another active job holding it, or null. */
  private Future<String> claim(String id, String key) {
    if (key == null) {
      return Future.succeededFuture(null);
    }
    return vertx.sharedData().<String, String>getAsyncMap(BATCHES_MAP).compose(map -> map.putIfAbsent(key, id)
        .compose(holder -> holder == null ? Future.succeededFuture((String) null) : records.get(holder)
            .compose(record -> record != null && !JobRecords.state(record).terminal()
                ? Future.succeededFuture(holder)
                // The holder finished without letting go (its node died): take the key over.
                : map.replaceIfPresent(key, holder, id).map(replaced -> replaced ? null : holder))));
  }

  private void release(String id, String key) {
    if (key != null) {
      vertx.sharedData().<String, String>getAsyncMap(BATCHES_MAP).compose(map -> map.removeIfPresent(key, id))
          .onFailure(e -> LOG.warn("releasing {} of job {}: {}", key, id, e.getMessage()));
    }
  }

  private void deploy(String id, JobVerticle job) {
    job.ended().onComplete(ar -> {
      active.remove(id);
      release(id, job.conflictKey());
    });
    DeploymentOptions options = new DeploymentOptions()
        .setThreadingModel(job.blocking() ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    vertx.deployVerticle(job, options).onComplete(ar -> {
      if (ar.succeeded()) {
        if (active.containsKey(id)) {
          active.put(id, ar.result());
        }
      } else {
        active.remove(id);
        release(id, job.conflictKey());
        records.finish(id, JobState.FAILED, null, "could not start: " + ar.cause().getMessage());
      }
    });
  }

  private void cancel(Message<JsonObject> message) {
    String deployment = active.get(message.body().getString("id"));
    if (deployment != null) {
      vertx.undeploy(deployment).onFailure(e -> LOG.debug("cancel: {} already gone", deployment));
    }
  }
}
