package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marketgate.shared.telegram.BotApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram repeats an update until it gets a 2xx, and the repeat may reach another gateway. Three
 * JVMs from the jar as one Hazelcast cluster: a worker node running the bot (webhook mode, replying
 * to a Bot API server in this JVM) and two gateway nodes. The same update posted to both gateways
 * is answered once, because the update_id dedupe map is cluster-wide.
 */
class TelegramClusterIT {
  @TempDir Path dir;

  private static JsonObject update(long id, String text) {
    return new JsonObject().put("update_id", id).put("message", new JsonObject().put("message_id", id)
        .put("date", 1_763_600_000L).put("text", text)
        .put("from", new JsonObject().put("id", 4711).put("is_bot", false).put("first_name", "Meera"))
        .put("chat", new JsonObject().put("id", 4711).put("type", "private")));
  }

  @Test
  void theSameUpdateAtTwoGatewaysOfAClusterIsAnsweredOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    BotApiServer api = BotApiServer.start(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String clusterFile = Path.of(TelegramClusterIT.class.getResource("/cluster-localhost.xml").toURI()).toString();
    int portA = ChildProcess.freePort();
    int portB = ChildProcess.freePort();
    Map<String, String> env = Map.of(
        "MARKETGATE_CLUSTER_CONFIG_FILE", clusterFile,
        "MARKETGATE_SIMULATOR_TICKS_PER_SECOND", "500",
        "MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "100",
        "MARKETGATE_BOT_API_URL", api.baseUrl(),
        "MARKETGATE_BOT_WEBHOOK_URL", "http://127.0.0.1:" + portA + "/webhooks/telegram",
        "TELEGRAM_BOT_TOKEN", "99:cluster-bot");
    try (ChildProcess worker = ChildProcess.start(dir, env, 0, "worker", "--roles", "ticks,history,scans,bot",
            "--data-dir", dir.resolve("worker").toString());
        ChildProcess gatewayA = ChildProcess.start(dir, env, portA, "gateway", "--port", String.valueOf(portA),
            "--data-dir", dir.resolve("a").toString());
        ChildProcess gatewayB = ChildProcess.start(dir, env, portB, "gateway", "--port", String.valueOf(portB),
            "--data-dir", dir.resolve("b").toString())) {
      gatewayA.awaitReady(Duration.ofSeconds(120));
      gatewayB.awaitReady(Duration.ofSeconds(120));
      awaitBotRunning(gatewayB);

      String help = update(5001, "/help").encode();
      assertEquals(200, post(gatewayA, help));
      assertEquals(200, post(gatewayB, help));
      // Replies to one chat leave in order: once the next command is answered, a repeat would have been too.
      assertEquals(200, post(gatewayB, update(5002, "/watches").encode()));
      List<BotApiServer.Call> calls = api.awaitCalls("sendMessage", 2, Duration.ofSeconds(60))
          .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
      assertTrue(calls.get(0).params().getString("text").startsWith("<b>Commands</b>"), calls.toString());
      assertTrue(calls.get(1).params().getString("text").startsWith("No watches here"), calls.toString());
      assertEquals(1, api.calls("sendMessage").stream()
          .filter(c -> c.params().getString("text").startsWith("<b>Commands</b>")).count());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The gateway's /status shows the bot running on the worker node (so updates have a consumer). */
  private static void awaitBotRunning(ChildProcess gateway) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonObject status = new JsonObject(gateway.get("/status"));
      if ("running".equals(status.getJsonObject("pipelines").getJsonObject("bot").getString("state"))) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the bot never reported running: " + status);
      Thread.sleep(250);
    }
  }

  /**
   * Posts as Telegram does: a 503 (no bot consumer seen by that gateway yet, e.g. while the worker's
   * registration spreads through the cluster) is repeated after its Retry-After, within a deadline.
   */
  private static int post(ChildProcess gateway, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + gateway.port + "/webhooks/telegram"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        return response.statusCode();
      }
      Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
    }
  }
}
