package marketgate.workers.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/**
 * A job whose code is the blocking {@code marketgate job} code itself (imports, a BlueDot folder):
 * it runs on the worker pool with its stdout and stderr captured, and its exit code decides the outcome.
 */
class CliJobVerticle extends JobVerticle {
  /** The job's blocking code, as the command line calls it. */
  @FunctionalInterface
  interface Work {
    int run(PrintStream out, PrintStream err, CliJobVerticle job) throws Exception;
  }

  private final Work work;

  CliJobVerticle(Work work, String conflictKey) {
    super(conflictKey);
    this.work = work;
  }

  @Override
  protected boolean blocking() {
    return true;
  }

  @Override
  protected Future<JobOutcome> run() {
    return blocking(() -> work.run(out(), err(), this))
        .map(code -> code == 0 ? JobOutcome.ok(new JsonObject()) : JobOutcome.failed(code, null));
  }

  /** For the work: the Vert.x it runs on (clients it needs, e.g. a notifier's). */
  io.vertx.core.Vertx vertx() {
    return vertx;
  }

  /** For the work: report files done of total into the job record. */
  void fileDone(int done, int total) {
    progress(done, total);
  }
}
