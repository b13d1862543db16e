package marketgate.workers.jobs;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/**
 * A job that is one request to a worker already running on the system (publish now, a Drive batch,
 * a monitor check): the reply is the result, {@code verdict} prints it and says whether it succeeded.
 */
final class BusJobVerticle extends JobVerticle {
  /** Prints the reply as the command line does and answers the exit code. */
  @FunctionalInterface
  interface Verdict {
    int judge(JsonObject reply, PrintStream out, PrintStream err);
  }

  private final String address;
  private final JsonObject request;
  private final long timeoutMillis;
  private final String noWorker;
  private final Verdict verdict;

  /** @param noWorker the error when nothing answers on {@code address} */
  BusJobVerticle(String address, JsonObject request, long timeoutMillis, String noWorker, Verdict verdict,
      String conflictKey) {
    super(conflictKey);
    this.address = address;
    this.request = request;
    this.timeoutMillis = timeoutMillis;
    this.noWorker = noWorker;
    this.verdict = verdict;
  }

  @Override
  protected Future<JobOutcome> run() {
    return vertx.eventBus().<JsonObject>request(address, request, new DeliveryOptions().setSendTimeout(timeoutMillis))
        .map(reply -> {
          int code = verdict.judge(reply.body(), out(), err());
          return code == 0 ? JobOutcome.ok(new JsonObject().put("reply", reply.body()))
              : new JobOutcome(code, new JsonObject().put("reply", reply.body()), null);
        })
        .recover(e -> {
          String error = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS ? noWorker
              : address + " failed: " + e.getMessage();
          err().println(error);
          return Future.succeededFuture(JobOutcome.failed(1, error));
        });
  }
}
