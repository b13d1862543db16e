package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as a user runs it: start-up, Ctrl-C, kill -9, bad config, --help. */
class ProcessIT {
  @TempDir Path dir;

  /** A small, fast simulated market; the restart runs with no tick source so counts stay still. */
  private static Map<String, String> market(String source) {
    return Map.of(
        "MARKETGATE_TICKS_SOURCE", source,
        "MARKETGATE_SIMULATOR_TICKS_PER_SECOND", "4000",
        "MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "300",
        "MARKETGATE_TICKS_CHECKPOINT_SECONDS", "3600");
  }

  private static JsonObject tickStats(ChildProcess child) throws Exception {
    return new JsonObject(child.get("/status")).getJsonObject("pipelines").getJsonObject("ticks")
        .getJsonObject("details");
  }

  private static long ticksProcessed(ChildProcess child) throws Exception {
    return tickStats(child).getLong("ticks_processed");
  }

  private ChildProcess run(Map<String, String> env) throws Exception {
    int port = ChildProcess.freePort();
    ChildProcess child = ChildProcess.start(dir, env, port, "run", "--port", String.valueOf(port),
        "--data-dir", dir.resolve("data").toString());
    child.awaitReady(Duration.ofSeconds(60));
    return child;
  }

  private static void awaitTicks(ChildProcess child, long atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ticksProcessed(child) < atLeast) {
      assertTrue(System.nanoTime() < deadline, "ticks did not flow:\n" + child.log());
      Thread.sleep(100);
    }
  }

  @Test
  void killNineLosesNoTickAcceptedMoreThanASecondBefore() throws Exception {
    long accepted;
    try (ChildProcess first = run(market("simulator"))) {
      awaitTicks(first, 10_000);
      accepted = ticksProcessed(first);
      Thread.sleep(1_000);
      first.process.destroyForcibly();
      first.waitFor(Duration.ofSeconds(10));
    }
    try (ChildProcess second = run(market("none"))) {
      long recovered = ticksProcessed(second);
      assertTrue(recovered >= accepted, "recovered " + recovered + " of " + accepted + " accepted ticks");
      assertTrue(second.log().contains("journaled batches replayed"), second.log());
    }
  }

  @Test
  void sigtermStopsInOrderAndARestartStartsExactlyThere() throws Exception {
    long atStop;
    try (ChildProcess first = run(market("simulator"))) {
      awaitTicks(first, 5_000);
      first.process.destroy();
      first.waitFor(Duration.ofSeconds(60));
      String log = first.log();
      assertTrue(log.contains("stopped cleanly"), log);
      assertTrue(log.indexOf("candle store saved") < log.indexOf("stopped cleanly"), log);
      atStop = Long.parseLong(log.replaceAll("(?s).*candle store saved at version (\\d+).*", "$1"));
    }
    try (ChildProcess second = run(market("none"))) {
      JsonObject stats = tickStats(second);
      assertEquals(atStop, stats.getLong("version"), "the restart holds every batch the stop saved");
      assertTrue(second.log().contains("0 journaled batches replayed"), "a clean stop leaves no journal to replay");
    }
  }

  @Test
  void anInvalidSettingStopsStartUpWithExitCodeTwoNamingTheKey() throws Exception {
    ChildProcess child = ChildProcess.start(dir, Map.of("MARKETGATE_PUBLISH_TARGETS", "local,ftp"), 0, "run");
    assertEquals(2, child.waitFor(Duration.ofSeconds(30)));
    assertTrue(child.log().contains("publish.targets"), child.log());
  }

  @Test
  void everyCommandHasHelp() throws Exception {
    for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"gateway", "--help"}, {"worker", "--help"},
        {"job", "--help"}}) {
      ChildProcess child = ChildProcess.start(dir, Map.of(), 0, args);
      assertEquals(0, child.waitFor(Duration.ofSeconds(30)), String.join(" ", args));
      assertTrue(child.log().contains("Usage: marketgate"), child.log());
    }
  }
}
