package marketgate.workers.jobs;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import marketgate.shared.bus.Addresses;
import marketgate.workers.scans.ScanJob;

/**
 * A scan through the node's running scan workers (warm history caches, the reason a scan here beats
 * {@code job scan} in a fresh JVM); the reply's rows are the job's result, printed as {@code job scan} prints them.
 */
final class ScanJobVerticle extends JobVerticle {
  private final String code;
  private final long timeoutMillis;

  ScanJobVerticle(String code, long timeoutMillis) {
    this.code = code;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  protected Future<JobOutcome> run() {
    return vertx.eventBus().<JsonObject>request(Addresses.SCANS_RUN, new JsonObject().put("code", code),
            new DeliveryOptions().setSendTimeout(timeoutMillis))
        .map(reply -> {
          ScanJob.print(reply.body(), out());
          return JobOutcome.ok(new JsonObject().put("scan", reply.body()));
        })
        .recover(e -> Future.succeededFuture(JobOutcome.failed(ScanJob.report(e, err()), null)));
  }
}
