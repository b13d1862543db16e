package marketgate.shared.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a sweep of the job records decides, as pure functions over the records and the cluster's
 * members (so a test can hand it a made-up membership): which jobs died with their node, and which
 * finished records are beyond the number kept.
 */
public final class JobSweep {
  private JobSweep() {}

  /**
   * The unfinished records whose node is not a member any more; and queued records that no node took
   * within {@code unclaimedGrace} (the gateway that submitted them died before it heard back).
   */
  public static List<JsonObject> lost(Collection<JsonObject> records, Set<String> members, Instant now,
      Duration unclaimedGrace) {
    String cutoff = JobRecords.time(now.minus(unclaimedGrace));
    return records.stream().filter(r -> !JobRecords.state(r).terminal()).filter(r -> {
      String node = r.getString("node");
      return node == null ? r.getString("submittedAt", "").compareTo(cutoff) < 0 : !members.contains(node);
    }).toList();
  }

  /** The failed record of a job lost with its node (unchanged if it finished, or its node is back, meanwhile). */
  public static JsonObject failLost(JsonObject record, Set<String> members, Instant now) {
    String node = record.getString("node");
    if (JobRecords.state(record).terminal() || (node != null && members.contains(node))) {
      return record;
    }
    String reason = node == null
        ? "no node took the job (the gateway that submitted it stopped before a node accepted it)"
        : "node " + node + " left the cluster while the job was " + record.getString("state");
    return JobRecords.finished(record, JobState.FAILED, null, reason, now);
  }

  /** Ids of the oldest finished records beyond {@code keep} records in all (running ones are never dropped). */
  public static List<String> surplus(Collection<JsonObject> records, int keep) {
    int excess = records.size() - keep;
    if (excess <= 0) {
      return List.of();
    }
    return records.stream().filter(r -> JobRecords.state(r).terminal())
        .sorted(Comparator.comparing((JsonObject r) -> r.getString("submittedAt", "")))
        .limit(excess).map(r -> r.getString("id")).toList();
  }
}
