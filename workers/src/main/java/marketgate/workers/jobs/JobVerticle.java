package marketgate.workers.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import marketgate.shared.jobs.JobRecords;
import marketgate.shared.jobs.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job deployed by the {@link JobHostVerticle}: it marks its record running, does its one unit of
 * work ({@link #run}), writes the outcome into the record and undeploys itself. Undeployed early (a
 * cancel, the node stopping), it interrupts its blocking work and leaves the record final.
 */
public abstract class JobVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobVerticle.class);
  /** Progress goes into the shared record at most this often (a batch reports every file). */
  private static final long PROGRESS_MILLIS = 250;

  private final String conflictKey;
  private final Promise<Void> ended = Promise.promise();
  private final Set<Thread> blockingThreads = new HashSet<>();
  private final AtomicReference<JsonObject> progress = new AtomicReference<>();
  private final AtomicBoolean progressPending = new AtomicBoolean();
  private String id;
  private String node;
  private JobRecords records;
  private JobOutput output;

  protected JobVerticle() {
    this(null);
  }

  /** @param conflictKey jobs with the same key never run at once (one BlueDot batch); null for none */
  protected JobVerticle(String conflictKey) {
    this.conflictKey = conflictKey;
  }

  final void bind(String id, String node, JobRecords records, int maxOutputBytes) {
    this.id = id;
    this.node = node;
    this.records = records;
    this.output = new JobOutput(maxOutputBytes);
  }

  /** The job's work; runs once, after deployment. Its stdout and stderr are {@link #out()} and {@link #err()}. */
  protected abstract Future<JobOutcome> run();

  /** Jobs that touch files, SQLite or git are deployed as workers. */
  protected boolean blocking() {
    return false;
  }

  /** Jobs with the same key never run at once (a BlueDot batch of one timeframe and date); null for none. */
  final String conflictKey() {
    return conflictKey;
  }

  protected final java.io.PrintStream out() {
    return output.out();
  }

  protected final java.io.PrintStream err() {
    return output.err();
  }

  /** Completes when the verticle is undeployed, however the job ended. */
  final Future<Void> ended() {
    return ended.future();
  }

  @Override
  public final Future<?> start() {
    String deployment = context.deploymentID();
    return records.update(id, r -> JobRecords.state(r).terminal() ? r
        : r.put("state", JobState.RUNNING.label()).put("startedAt", JobRecords.time(Instant.now()))
            .put("node", node).put("deploymentId", deployment))
        .onSuccess(record -> context.runOnContext(v -> execute(record)));
  }

  private void execute(JsonObject record) {
    if (record == null || JobRecords.state(record).terminal()) {
      // Cancelled (or expired) between the host accepting the job and its deployment.
      undeploySelf();
      return;
    }
    Future<JobOutcome> work;
    try {
      work = run();
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.recover(e -> Future.succeededFuture(JobOutcome.failed(1, String.valueOf(e.getMessage()))))
        .compose(this::record)
        .onFailure(e -> LOG.error("job {}: recording its outcome failed: {}", id, e.getMessage()))
        .onComplete(ar -> undeploySelf());
  }

  private Future<JsonObject> record(JobOutcome outcome) {
    JsonObject result = outcome.data().copy()
        .put("exitCode", outcome.exitCode())
        .put("stdout", output.stdout())
        .put("stderr", output.stderr());
    String error = outcome.succeeded() ? null : outcome.error() != null ? outcome.error() : lastLine(output.stderr(),
        "exit code " + outcome.exitCode());
    JsonObject last = progress.get();
    return records.update(id, r -> {
      if (last != null && !JobRecords.state(r).terminal()) {
        r.put("progress", last);
      }
      return JobRecords.finished(r, outcome.succeeded() ? JobState.SUCCEEDED : JobState.FAILED, result, error,
          Instant.now());
    });
  }

  private static String lastLine(String text, String otherwise) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? otherwise : last;
  }

  private void undeploySelf() {
    vertx.undeploy(context.deploymentID()).onFailure(e -> LOG.debug("job {} already undeployed", id));
  }

  /** Runs blocking work on the worker pool, unordered, so an undeploy is never queued behind it. */
  protected final <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(() -> {
      Thread thread = Thread.currentThread();
      synchronized (blockingThreads) {
        blockingThreads.add(thread);
      }
      try {
        return work.call();
      } finally {
        synchronized (blockingThreads) {
          blockingThreads.remove(thread);
          Thread.interrupted(); // an interrupt meant for this job must not hit the pool's next task
        }
      }
    }, false);
  }

  /** Reports {@code done} of {@code total}; safe from any thread, written at most every 250 ms. */
  protected final void progress(int done, int total) {
    progress.set(new JsonObject().put("done", done).put("total", total));
    if (progressPending.compareAndSet(false, true)) {
      vertx.setTimer(PROGRESS_MILLIS, t -> {
        progressPending.set(false);
        JsonObject latest = progress.get();
        records.update(id, r -> JobRecords.state(r).terminal() ? r : r.put("progress", latest));
      });
    }
  }

  @Override
  public final Future<?> stop() {
    synchronized (blockingThreads) {
      blockingThreads.forEach(Thread::interrupt);
    }
    // Undeployed before it finished: cancelled (already final) or the node is stopping.
    return records.update(id, r -> JobRecords.finished(r, JobState.FAILED, null,
            "the node stopped while the job was running", Instant.now()))
        .otherwiseEmpty()
        .onComplete(ar -> ended.tryComplete());
  }
}
