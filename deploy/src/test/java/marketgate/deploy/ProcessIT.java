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
import java.time.LocalDate;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.StoreCheckpoint;
import marketgate.workers.ticks.simulator.MarketSimulator;
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

  /** Polls a condition until it holds; fails only after a generous deadline (CI's 2 cores are shared). */
  private static void await(java.util.concurrent.Callable<Boolean> condition, Duration deadline,
      java.util.concurrent.Callable<String> failure) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline.toSeconds() + " s: " + failure.call());
      }
      Thread.sleep(20);
    }
  }

  private static void awaitTicks(ChildProcess child, long atLeast) throws Exception {
    await(() -> ticksProcessed(child) >= atLeast, Duration.ofSeconds(60), () -> "ticks did not flow:\n" + child.log());
  }

  private static long journalBytes(ChildProcess child) throws Exception {
    return tickStats(child).getJsonObject("journal").getLong("bytes_written");
  }

  @Test
  void killNineLosesNoTickAcceptedMoreThanASecondBefore() throws Exception {
    long accepted;
    try (ChildProcess first = run(market("simulator"))) {
      awaitTicks(first, 10_000);
      accepted = ticksProcessed(first);
      // Instead of sleeping a second: wait for three more journal flushes (one every
      // ticks.journalFlushMillis), the first of which drains every batch accepted so far; flushes
      // write in order, so by the third the first has reached the file.
      long[] seen = {journalBytes(first), 0};
      await(() -> {
        long now = journalBytes(first);
        if (now > seen[0]) {
          seen[0] = now;
          seen[1]++;
        }
        return seen[1] >= 3;
      }, Duration.ofSeconds(60), () -> "the journal did not flush:\n" + first.log());
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

  /**
   * A whole simulated session for every instrument, saved as the engine's checkpoint: the child then
   * publishes a full-size latest.json.gz (tens of MB, over a second of writing) back to back, so a
   * kill lands in the middle of a write.
   */
  private void checkpointOfAFullSession(Path dataDir) throws Exception {
    Universe universe = Universe.builtIn();
    CandleStore store = new CandleStore(universe, MarketgateConfig.defaults().ticks().ringSize(), false);
    MarketSimulator simulator = new MarketSimulator(universe, 7);
    long open = MarketClock.sessionOpen(LocalDate.of(2026, 11, 20)) * 1000L;
    for (int minute = 0; minute < MarketClock.SESSION_SECONDS / 60; minute++) {
      TickBatch batch = new TickBatch(universe.size() * 2);
      simulator.nextTicks(batch, universe.size() * 2, open + minute * 60_000L + 30_000);
      store.apply(batch);
    }
    new StoreCheckpoint(new DataStore(dataDir)).save(store);
  }

  private static List<Path> tempFiles(Path root) throws java.io.IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().startsWith(DataStore.TEMP_PREFIX)).toList();
    }
  }

  @Test
  void readersNeverSeeATornFileEvenWhenThePublisherIsKilledMidWrite() throws Exception {
    Path dataDir = dir.resolve("data");
    checkpointOfAFullSession(dataDir);
    Map<String, String> env = new HashMap<>(market("none"));
    env.put("MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS", "1");
    env.put("MARKETGATE_PUBLISH_OFF_HOURS_INTERVAL_SECONDS", "1");
    env.put("MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "0");
    Path data = dataDir.resolve("data");
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
    List<Path> leftBehind = List.of();
    reader.start();
    try {
      // Kill the moment a write is under way (a temp file exists); try again if the rename won the race.
      for (int attempt = 0; attempt < 3 && leftBehind.isEmpty(); attempt++) {
        try (ChildProcess child = run(env)) {
          long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
          int seenUpdates = updates.size();
          while (updates.size() < seenUpdates + 1 || tempFiles(data).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no publish in progress to kill:\n" + child.log());
            Thread.sleep(1);
          }
          child.process.destroyForcibly();
          child.waitFor(Duration.ofSeconds(10));
          leftBehind = tempFiles(data);
        }
      }
      // The reader goes over every file twice more after the kill: what the kill left is read, whole or torn.
      int readsAtKill = reads.get();
      await(() -> reads.get() >= readsAtKill + 2 * files.size() || torn.get() != null, Duration.ofSeconds(60),
          () -> "the reader stalled at " + reads.get() + " reads");
    } finally {
      reading.set(false);
      reader.join();
    }
    assertEquals(null, torn.get(), "a reader saw a torn file");
    assertTrue(reads.get() >= files.size(), "the reader read " + reads.get() + " files");
    assertTrue(!leftBehind.isEmpty(), "the kill should land inside a write (a temp file left behind)");
    for (Path file : files) {
      assertTrue(readPublished(file).size() > 0, file + " is whole after the kill");
    }
    try (ChildProcess restarted = run(market("none"))) {
      assertEquals(List.of(), tempFiles(dataDir.resolve("data")), "a restart removes what the kill left behind");
    }
  }

  @Test
  void sigtermStopsInOrderAndARestartStartsExactlyThere() throws Exception {
    long atStop;
    try (ChildProcess first = run(market("simulator"))) {
      Path latest = dir.resolve("data/data/candles/latest.json.gz");
      // A fresh run publishes its first full snapshot right after start (how fast is a benchmark's business).
      await(() -> Files.exists(latest), Duration.ofSeconds(90),
          () -> "a fresh run publishes a first full snapshot:\n" + first.log());
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
