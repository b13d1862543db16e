package marketgate.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import marketgate.shared.config.JobsConfig;
import marketgate.shared.jobs.JobRecords;
import marketgate.shared.jobs.JobSweep;
import marketgate.shared.jobs.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the job records honest: a job whose node left the cluster is marked failed with that reason
 * (never "running" forever), and finished records beyond {@code jobs.maxRecords} are dropped, oldest
 * first. Every gateway sweeps; the compare-and-set updates make that safe.
 */
public final class JobsSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(JobsSweeper.class);

  private final Vertx vertx;
  private final JobsConfig config;
  private final JobRecords records;

  public JobsSweeper(Vertx vertx, JobsConfig config, JobRecords records) {
    this.vertx = vertx;
    this.config = config;
    this.records = records;
  }

  /** Sweeps once; answers how many jobs it failed. */
  public Future<Integer> sweep() {
    Set<String> members = Set.copyOf(NodeIdentity.members(vertx));
    Instant now = Instant.now();
    return records.all().compose(all -> {
      List<Future<?>> changes = new ArrayList<>();
      var lost = JobSweep.lost(all, members, now, Duration.ofMillis(2L * config.startTimeoutMillis()));
      for (var record : lost) {
        String id = record.getString("id");
        LOG.warn("job {} ({}) lost its node {}: marking it failed", id, record.getString("job"), record.getString("node"));
        changes.add(records.update(id, r -> JobSweep.failLost(r, members, now)));
      }
      for (String id : JobSweep.surplus(all, config.maxRecords())) {
        changes.add(records.remove(id));
      }
      return Future.join(changes).map(lost.size());
    });
  }
}
