package marketgate.workers.monitor;

import static marketgate.workers.monitor.MonitorFixtures.MARKET;
import static marketgate.workers.monitor.MonitorFixtures.TRADING_DAY;
import static marketgate.workers.monitor.MonitorFixtures.eventually;
import static marketgate.workers.monitor.MonitorFixtures.ist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import marketgate.shared.time.DrivenClock;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each channel has its own queue: a dead webhook never holds up the Telegram alert. */
class MonitorChannelsTest {
  @TempDir Path dir;
  private Vertx vertx;
  private RecordingServer telegram;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    telegram = RecordingServer.start(vertx).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A cluster with nobody holding the Kite singleton: an incident from the first round (hold 0). */
  private JsonObject deployAndRunOneRound(String webhookUrl) {
    MarketgateConfig config = MonitorFixtures.withChannels(new JsonObject().put("dataDir", dir.toString())
        .put("alerts", new JsonObject().put("holdSeconds", 0).put("checkSeconds", 86_400).put("channelMaxAttempts", 3)),
        telegram.url(), webhookUrl);
    ClusterView unheld = new ClusterView(true, Map.of("n1", Set.of("monitor")), Collections.singletonMap("kite", null));
    DrivenClock clock = new DrivenClock(ist(TRADING_DAY, "12:00"));
    vertx.deployVerticle(new MonitorVerticle(config, MARKET, clock, () -> Future.succeededFuture(unheld), 10)).await();
    return vertx.eventBus().<JsonObject>request(Addresses.MONITOR_CHECK, new JsonObject()).await().body();
  }

  private JsonObject channels() {
    return vertx.eventBus().<JsonObject>request(Addresses.MONITOR_STATUS, new JsonObject()).await().body()
        .getJsonObject("channels");
  }

  @Test
  void aWebhookAnswering500DoesNotStopTheTelegramAlert() throws Exception {
    RecordingServer webhook = RecordingServer.start(vertx).await();
    webhook.answerAlways(RecordingServer.serverError());
    // Telegram asks to slow down first: the client waits retry_after and sends again.
    telegram.script(RecordingServer.tooManyRequests(1));
    JsonObject status = deployAndRunOneRound(webhook.url() + "/hook");
    assertEquals(false, status.getBoolean("healthy"));

    eventually("the Telegram alert arrives", () -> telegram.accepted().size() == 1);
    JsonObject sent = telegram.accepted().get(0).body();
    assertEquals(MonitorFixtures.ADMIN_CHAT, sent.getString("chat_id"));
    assertTrue(sent.getString("text").contains(ClusterChecks.UNHELD), sent.encode());
    eventually("the webhook alert is given up after 3 attempts and counted",
        () -> channels().getJsonObject("webhook").getLong("failed") == 1);
    // The server records the request before the monitor has read its answer: wait for the count too.
    eventually("the Telegram delivery is counted", () -> channels().getJsonObject("telegram").getLong("delivered") == 1);
    JsonObject channels = channels();
    assertEquals(0, channels.getJsonObject("webhook").getLong("delivered"));
    assertEquals(2, channels.getJsonObject("webhook").getLong("retries"));
    assertEquals(0, webhook.accepted().size());
  }

  @Test
  void aWebhookOnAClosedPortDoesNotStopTheTelegramAlert() throws Exception {
    var closed = vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1").await();
    int port = closed.actualPort();
    closed.close().await();
    // Slack and Discord webhook paths are secrets: they must not surface in errors or /status.
    deployAndRunOneRound("http://127.0.0.1:" + port + "/services/T0/B0/secret-path");

    eventually("the Telegram alert arrives", () -> telegram.accepted().size() == 1);
    eventually("the webhook alert is given up and counted", () -> channels().getJsonObject("webhook").getLong("failed") == 1);
    eventually("the Telegram delivery is counted", () -> channels().getJsonObject("telegram").getLong("delivered") == 1);
    String lastError = channels().getJsonObject("webhook").getString("last_error");
    assertTrue(lastError.startsWith("webhook request failed") && !lastError.contains("secret-path"), lastError);
  }
}
