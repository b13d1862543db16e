package marketgate.shared.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sweep over job records against a made-up cluster membership (the real cluster comes with the cluster issue). */
@ExtendWith(VertxExtension.class)
class JobsSweepTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(20);

  private static JsonObject job(String id, JobState state, String node, Instant submitted) {
    JsonObject record = JobRecords.queued(id, "bluedot", new JsonObject(), submitted).put("state", state.label());
    return node == null ? record : record.put("node", node);
  }

  @Test
  void aRunningJobOfANodeThatLeftTheClusterIsMarkedFailedWithThatReason() {
    JsonObject orphan = job("a", JobState.RUNNING, "node-2", NOW.minusSeconds(60));
    JsonObject alive = job("b", JobState.RUNNING, "node-1", NOW.minusSeconds(60));
    JsonObject done = job("c", JobState.SUCCEEDED, "node-2", NOW.minusSeconds(60));
    Set<String> members = Set.of("node-1", "node-3");

    List<JsonObject> lost = JobSweep.lost(List.of(orphan, alive, done), members, NOW, GRACE);
    assertEquals(List.of(orphan), lost);
    JsonObject failed = JobSweep.failLost(orphan.copy(), members, NOW);
    assertEquals("failed", failed.getString("state"));
    assertEquals("node node-2 left the cluster while the job was running", failed.getString("error"));
    assertEquals("2026-11-24T12:00:00.000Z", failed.getString("finishedAt"));
  }

  @Test
  void aQueuedJobNoNodeTookFailsOnlyAfterTheGrace() {
    JsonObject fresh = job("a", JobState.QUEUED, null, NOW.minusSeconds(5));
    JsonObject stale = job("b", JobState.QUEUED, null, NOW.minusSeconds(60));
    assertEquals(List.of(stale), JobSweep.lost(List.of(fresh, stale), Set.of("node-1"), NOW, GRACE));
    assertTrue(JobSweep.failLost(stale, Set.of("node-1"), NOW).getString("error").startsWith("no node took the job"));
  }

  @Test
  void aJobThatFinishedOrWhoseNodeCameBackIsLeftAlone() {
    JsonObject cancelled = job("a", JobState.CANCELLED, "node-2", NOW.minusSeconds(60));
    assertSame(cancelled, JobSweep.failLost(cancelled, Set.of(), NOW));
    JsonObject back = job("b", JobState.RUNNING, "node-2", NOW.minusSeconds(60));
    assertEquals("running", JobSweep.failLost(back, Set.of("node-2"), NOW).getString("state"));
  }

  @Test
  void surplusDropsTheOldestFinishedRecordsAndNeverARunningOne() {
    JsonObject oldRunning = job("r", JobState.RUNNING, "n", NOW.minusSeconds(300));
    JsonObject oldest = job("o", JobState.FAILED, "n", NOW.minusSeconds(200));
    JsonObject middle = job("m", JobState.SUCCEEDED, "n", NOW.minusSeconds(100));
    JsonObject newest = job("n", JobState.SUCCEEDED, "n", NOW.minusSeconds(10));
    assertEquals(List.of("o", "m"), JobSweep.surplus(List.of(newest, oldRunning, middle, oldest), 2));
    assertEquals(List.of(), JobSweep.surplus(List.of(newest, middle), 2));
  }

  @Test
  void aFinalStateIsNeverOverwrittenByALaterUpdate(Vertx vertx) {
    JobRecords records = new JobRecords(vertx, MarketgateConfig.defaults().jobs());
    records.put(job("x", JobState.RUNNING, NodeIdentity.LOCAL, NOW)).await();
    records.finish("x", JobState.CANCELLED, null, "cancelled by request").await();
    JsonObject after = records.finish("x", JobState.SUCCEEDED, new JsonObject().put("rows", 3), null).await();
    assertEquals("cancelled", after.getString("state"));
    assertEquals("cancelled", records.get("x").await().getString("state"));
    assertEquals(List.of(NodeIdentity.LOCAL), NodeIdentity.members(vertx));
  }
}
