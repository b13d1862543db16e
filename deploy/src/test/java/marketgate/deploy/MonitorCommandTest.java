package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Predicate;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketgate job monitor --gateway URL} against a real node (simulated feed, publisher,
 * monitor, gateway on an ephemeral port): healthy, then degraded once the tick source stops (the
 * monitor's no-tick incident, after a 3-second threshold), then down once the node is gone.
 */
class MonitorCommandTest {
  @TempDir Path dir;

  record Run(int code, String out) {}

  static Run monitor(String url) {
    StringWriter out = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute("job", "monitor", "--gateway", url, "--timeout-seconds", "5");
    return new Run(code, out.toString());
  }

  /** Runs the command until its outcome matches; a generous deadline, as CI's cores are shared. */
  static Run until(String url, Predicate<Run> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Run last = monitor(url);
    while (!wanted.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what + "; last run exited " + last.code() + ":\n" + last.out());
      }
      Thread.sleep(200);
      last = monitor(url);
    }
    return last;
  }

  @Test
  void healthyThenDegradedAfterTheTickSourceStopsThenDownWhenTheNodeIsGone() throws Exception {
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dir.resolve("data").toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("gateway", new JsonObject().put("serverInstances", 1))
        .put("simulator", new JsonObject().put("instrumentLimit", 30).put("ticksPerSecond", 2000))
        // Short thresholds so the test does not wait; flat candles are normal in a just-started simulation.
        .put("alerts", new JsonObject().put("checkSeconds", 1).put("holdSeconds", 0).put("noTickSeconds", 3)
            .put("flatCandleShare", 1.0)));
    Vertx vertx = VertxFactory.embedded(config);
    Node node = Node.start(vertx, config, EnumSet.of(Role.TICKS, Role.PUBLISH, Role.MONITOR, Role.GATEWAY)).await();
    String url = "http://127.0.0.1:" + node.httpPort();
    try {
      Run healthy = until(url, r -> r.code() == MonitorCommand.HEALTHY, "a healthy verdict");
      assertTrue(healthy.out().startsWith("healthy"), healthy.out());
      JsonObject monitor = new JsonObject(java.net.http.HttpClient.newHttpClient().send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/status")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString()).body())
          .getJsonObject("pipelines").getJsonObject("monitor");
      assertEquals("running", monitor.getString("state"));
      assertEquals("not clustered", monitor.getJsonObject("details").getJsonObject("cluster").getString("state"));

      node.stopTickSource().await();
      Run degraded = until(url, r -> r.code() == MonitorCommand.DEGRADED && r.out().contains("ticks.no_tick"),
          "the no-tick incident");
      assertTrue(degraded.out().lines().anyMatch(l -> l.startsWith("degraded: incident ticks.no_tick open since")),
          degraded.out());
    } finally {
      node.stop().await();
    }
    Run down = monitor(url);
    assertEquals(MonitorCommand.DOWN, down.code(), down.out());
    assertTrue(down.out().startsWith("down: cannot reach " + url), down.out());
  }
}
