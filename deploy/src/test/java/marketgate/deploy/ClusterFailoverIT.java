package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four JVMs from the jar on 127.0.0.1 (real Hazelcast, TCP discovery): two gateways and two workers
 * with {@code ticks,publish,history,scans}, each with its own data directory (no shared volume, as on
 * two machines). The ticks unit runs on one worker; the other stands by. Then the holder is killed
 * with SIGKILL and the standby takes over from the snapshot the gateways hold.
 */
class ClusterFailoverIT {
  private static final String WORKER_ROLES = "ticks,publish,history,scans";
  /** The publisher's line per snapshot (other lines say "published snapshots"). */
  private static final String PUBLISHED = "SnapshotPublisher - published ";

  @TempDir Path dir;

  @Test
  void twoGatewaysTwoWorkersShareStateAndSurviveTheTicksNodesKill() throws Exception {
    String clusterFile = Path.of(ClusterFailoverIT.class.getResource("/cluster-localhost.xml").toURI()).toString();
    Map<String, String> env = Map.of(
        "MARKETGATE_CLUSTER_CONFIG_FILE", clusterFile,
        "MARKETGATE_SIMULATOR_TICKS_PER_SECOND", "2000",
        "MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "300",
        "MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS", "2",
        "MARKETGATE_PUBLISH_OFF_HOURS_INTERVAL_SECONDS", "2",
        "DRIVE_CHANNEL_TOKEN", "drive-secret",
        // Short freshness, so the end of the test sees a copy go stale within seconds.
        "MARKETGATE_GATEWAY_FRESHNESS", "{\"data/candles/**\": 3}");
    int portA = ChildProcess.freePort();
    int portB = ChildProcess.freePort();
    try (ChildProcess first = worker(env, "w1");
        ChildProcess second = worker(env, "w2");
        ChildProcess gatewayA = gateway(env, portA, "ga");
        ChildProcess gatewayB = gateway(env, portB, "gb")) {
      gatewayA.awaitReady(Duration.ofSeconds(120));
      gatewayB.awaitReady(Duration.ofSeconds(120));

      // Membership: four members, one ticks holder among the workers.
      JsonObject cluster = awaitStatus(gatewayA, c -> c.getJsonArray("members").size() == 4
          && held(c, "ticks") != null, Duration.ofSeconds(60)).getJsonObject("cluster");
      String holderId = held(cluster, "ticks");
      // A worker logs its node id once it is up (the standby may still be seeding its history).
      for (ChildProcess worker : List.of(first, second)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!worker.log().contains("marketgate is up: node ") && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      }
      ChildProcess holder = nodeIdOf(first).equals(holderId) ? first : second;
      ChildProcess standby = holder == first ? second : first;
      String standbyId = nodeIdOf(standby);
      assertTrue(roles(cluster, holderId).contains("ticks") && roles(cluster, standbyId).contains("ticks"), cluster.encode());

      // Shared state: a scan run through gateway A is fetched by id from gateway B.
      HttpResponse<String> posted = gatewayA.post("/api/v1/scans", "{\"code\":\"X:12:0\"}", "content-type", "application/json");
      assertEquals(200, posted.statusCode(), posted.body());
      String scanId = new JsonObject(posted.body()).getString("id");
      JsonObject fetched = new JsonObject(gatewayB.get("/api/v1/scans/" + scanId));
      assertEquals(scanId, fetched.getString("id"));

      // Cluster-wide dedupe: the same Drive notification to both gateways is forwarded once.
      String[] drive = {"X-Goog-Channel-Token", "drive-secret", "X-Goog-Channel-ID", "ch-1",
          "X-Goog-Resource-State", "change", "X-Goog-Message-Number", "42"};
      assertEquals(202, gatewayA.post("/webhooks/drive", "", drive).statusCode(), "first delivery is forwarded");
      assertEquals(200, gatewayB.post("/webhooks/drive", "", drive).statusCode(), "the repeat to B is not");

      // One publisher: over a minute the holder publishes and the standby does not.
      long publishedBefore = holder.countInLog(PUBLISHED);
      Instant windowEnd = Instant.now().plusSeconds(60);
      while (Instant.now().isBefore(windowEnd)) {
        Thread.sleep(1000);
      }
      long publishedInWindow = holder.countInLog(PUBLISHED) - publishedBefore;
      System.out.printf("publishes over 60 s: holder %d, standby %d%n", publishedInWindow, standby.countInLog(PUBLISHED));
      assertTrue(publishedInWindow >= 5, "the holder publishes: " + publishedInWindow);
      assertEquals(0, standby.countInLog(PUBLISHED), "the standby never publishes");

      // The largest 1m volume before the kill, and the newest minute then.
      List<String> symbols = tradedSymbols(gatewayA, 8);
      long maxBefore = 0;
      long newestBefore = 0;
      for (String symbol : symbols) {
        for (Object o : candles(gatewayA, symbol)) {
          JsonObject c = (JsonObject) o;
          maxBefore = Math.max(maxBefore, c.getLong("volume"));
          newestBefore = Math.max(newestBefore, c.getLong("timestamp"));
        }
      }
      assertTrue(maxBefore > 0, "candles had volume before the kill");

      long killed = System.nanoTime();
      Instant killedAt = Instant.now();
      holder.process.destroyForcibly();
      awaitStatus(gatewayA, c -> standbyId.equals(held(c, "ticks")), Duration.ofSeconds(60));
      double takeoverSeconds = (System.nanoTime() - killed) / 1e9;
      System.out.printf("ticks unit taken over %.1f s after kill -9%n", takeoverSeconds);
      assertTrue(takeoverSeconds < 30, "takeover within 30 s, took " + takeoverSeconds);
      assertTrue(standby.log().contains("candle store seeded from the published snapshot"), standby.log());
      // The end-of-day rollup is on the live worker too (it moved if the dead one held it).
      awaitStatus(gatewayA, c -> standbyId.equals(held(c, "rollup")), Duration.ofSeconds(60));

      // Snapshots keep coming on both gateways.
      for (ChildProcess gateway : List.of(gatewayA, gatewayB)) {
        awaitSnapshotNewerThan(gateway, killedAt, Duration.ofSeconds(60));
      }
      // No 1m candle after the takeover has a spike (the whole day's volume in one minute).
      long bound = 2 * maxBefore;
      for (String symbol : symbols) {
        for (Object o : candles(gatewayB, symbol)) {
          JsonObject c = (JsonObject) o;
          if (c.getLong("timestamp") > newestBefore) {
            assertTrue(c.getLong("volume") <= bound, symbol + " " + c.encode() + " over " + bound);
          }
        }
      }

      // With every worker gone, the gateways keep answering from their layers, marked stale.
      standby.process.destroyForcibly();
      for (ChildProcess gateway : List.of(gatewayA, gatewayB)) {
        awaitStaleCopy(gateway, Duration.ofSeconds(60));
      }
    }
  }

  private static void awaitStaleCopy(ChildProcess gateway, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> latest = gateway.awaitOk("/data/candles/latest.json.gz", timeout);
      if ("true".equals(latest.headers().firstValue("x-data-stale").orElse(null))) {
        assertTrue(latest.body().length > 0);
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the gateway on port " + gateway.port + " never served a stale copy");
  }

  private ChildProcess worker(Map<String, String> env, String name) throws Exception {
    return ChildProcess.start(dir, env, 0, "worker", "--roles", WORKER_ROLES, "--data-dir", dir.resolve(name).toString());
  }

  private ChildProcess gateway(Map<String, String> env, int port, String name) throws Exception {
    return ChildProcess.start(dir, env, port, "gateway", "--port", String.valueOf(port),
        "--data-dir", dir.resolve(name).toString());
  }

  private static String nodeIdOf(ChildProcess child) throws Exception {
    String log = child.log();
    int at = log.indexOf("marketgate is up: node ");
    assertTrue(at >= 0, log);
    String rest = log.substring(at + "marketgate is up: node ".length());
    return rest.substring(0, rest.indexOf(','));
  }

  /** The live holder of a singleton as /status reports it, or null. */
  private static String held(JsonObject cluster, String singleton) {
    JsonObject holder = cluster.getJsonObject("singletons", new JsonObject()).getJsonObject(singleton);
    return holder != null && "held".equals(holder.getString("state")) ? holder.getString("node") : null;
  }

  private static List<String> roles(JsonObject cluster, String node) {
    for (Object o : cluster.getJsonArray("members")) {
      JsonObject member = (JsonObject) o;
      if (node.equals(member.getString("id"))) {
        return member.getJsonArray("roles").stream().map(String::valueOf).toList();
      }
    }
    return List.of();
  }

  private static JsonObject awaitStatus(ChildProcess gateway, Predicate<JsonObject> clusterState, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject status = null;
    while (System.nanoTime() < deadline) {
      try {
        status = new JsonObject(gateway.get("/status"));
        if (clusterState.test(status.getJsonObject("cluster"))) {
          return status;
        }
      } catch (java.io.IOException notNow) {
        // the gateway answers again in a moment
      }
      Thread.sleep(500);
    }
    throw new AssertionError("cluster never reached the state; last status: " + status);
  }

  private static List<String> tradedSymbols(ChildProcess gateway, int count) throws Exception {
    JsonArray instruments = new JsonObject(gateway.get("/api/v1/instruments")).getJsonArray("instruments");
    List<String> symbols = new ArrayList<>();
    for (Object o : instruments) {
      JsonObject i = (JsonObject) o;
      boolean index = Integer.valueOf(9).equals(i.getValue("segment")) || "9".equals(String.valueOf(i.getValue("segment")));
      if (i.getValue("last_price") != null && !index && symbols.size() < count) {
        symbols.add(i.getString("symbol"));
      }
    }
    assertTrue(!symbols.isEmpty(), "some instruments traded");
    return symbols;
  }

  private static JsonArray candles(ChildProcess gateway, String symbol) throws Exception {
    return new JsonObject(gateway.get("/api/v1/candles/" + symbol + "?interval=1m&count=375")).getJsonArray("candles");
  }

  /** Waits until the gateway serves a candles snapshot published after {@code after}. */
  private static void awaitSnapshotNewerThan(ChildProcess gateway, Instant after, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> latest = gateway.awaitOk("/data/candles/latest.json.gz", timeout);
      last = latest.headers().firstValue("last-modified").orElse(null);
      assertNotNull(last, "the mirror sends Last-Modified");
      Instant modified = java.time.ZonedDateTime.parse(last, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      // Last-Modified has whole seconds: a copy of the kill's own second does not count.
      if (modified.isAfter(after.plusSeconds(1))) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no snapshot after " + after + " on port " + gateway.port + "; newest " + last);
  }
}
