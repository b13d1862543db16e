package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
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

  /** Reads a published file whole and parses it: gunzip when .gz, then JSON. Throws on a torn file. */
  private static JsonObject readPublished(Path file) throws java.io.IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (file.toString().endsWith(".gz")) {
      try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void readersNeverSeeATornFileEvenWhenThePublisherIsKilledMidWrite() throws Exception {
    Map<String, String> env = new HashMap<>(market("simulator"));
    env.put("MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS", "1");
    env.put("MARKETGATE_PUBLISH_OFF_HOURS_INTERVAL_SECONDS", "1");
    Path data = dir.resolve("data").resolve("data");
    List<Path> files = List.of(data.resolve("metadata.json"), data.resolve("candles/latest.json.gz"),
        data.resolve("ticks/ticks_latest.json.gz"));
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    Set<String> updates = ConcurrentHashMap.newKeySet();
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        for (Path file : files) {
          try {
            if (Files.exists(file)) {
              JsonObject json = readPublished(file);
              reads.incrementAndGet();
              if (file.endsWith("metadata.json")) {
                updates.add(json.getString("last_update"));
              }
            }
          } catch (Exception e) {
            torn.compareAndSet(null, file + ": " + e);
          }
        }
      }
    }, "reader");
    try (ChildProcess child = run(env)) {
      reader.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (updates.size() < 4) {
        assertTrue(System.nanoTime() < deadline, "publishes did not come every second:\n" + child.log());
        Thread.sleep(50);
      }
      // Publishes run back to back now; a kill at a random moment lands inside one of them.
      Thread.sleep(new Random().nextInt(1000));
      child.process.destroyForcibly();
      child.waitFor(Duration.ofSeconds(10));
      Thread.sleep(300);
    } finally {
      reading.set(false);
      reader.join();
    }
    assertEquals(null, torn.get(), "a reader saw a torn file");
    assertTrue(reads.get() > 20, "the reader read " + reads.get() + " files");
    for (Path file : files) {
      assertTrue(readPublished(file).size() > 0, file + " is whole after the kill");
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
