package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.telegram.BotApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook mode with a secret, against a Bot API server on 127.0.0.1 that (unlike the npm emulator)
 * registers the secret and sends it back with every delivery: the node registers its webhook with
 * the secret, allowed updates and connection cap, takes deliveries that carry the secret, and
 * refuses (401, nothing answered) those that do not.
 */
@ExtendWith(VertxExtension.class)
class TelegramBotWebhookTest {
  private static final String SECRET = "webhook-secret-7f3a";
  @TempDir Path dataDir;
  private Node node;
  /** Held for the whole test: Vert.x closes a client nobody references, even with a request in flight. */
  private WebClient web;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static JsonObject update(long id, String text) {
    return new JsonObject().put("update_id", id).put("message", new JsonObject().put("message_id", id)
        .put("date", 1_763_600_000L).put("text", text)
        .put("from", new JsonObject().put("id", 808).put("is_bot", false).put("first_name", "Ravi"))
        .put("chat", new JsonObject().put("id", 808).put("type", "private")));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void theWebhookIsRegisteredWithItsSecretAndOnlyDeliveriesCarryingItAreAnswered(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    int port = ChildProcess.freePort();
    String url = "http://127.0.0.1:" + port + "/webhooks/telegram";
    web = WebClient.create(vertx);
    BotApiServer.start(vertx).compose(api -> {
      MarketgateConfig config = MarketgateConfig.from(MarketgateConfig.defaults().withOverrides(new JsonObject()
          .put("dataDir", dataDir.toString())
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .put("simulator", new JsonObject().put("instrumentLimit", 20))
          .put("gateway", new JsonObject().put("serverInstances", 1))
          .put("bot", new JsonObject().put("apiUrl", api.baseUrl()).put("webhookUrl", url).put("maxConnections", 7)
              .put("dropPendingUpdates", true))).toJson(),
          Secrets.none().with(Secrets.TELEGRAM_BOT_TOKEN, "77:secret-bot").with(Secrets.TELEGRAM_WEBHOOK_SECRET, SECRET));
      return Node.start(vertx, config, EnumSet.of(Role.HISTORY, Role.SCANS, Role.BOT, Role.GATEWAY)).compose(n -> {
        node = n;
        JsonObject registered = api.webhook();
        // A delivery without the secret first: refused, and nothing may be answered for it.
        return web.post(port, "127.0.0.1", "/webhooks/telegram").sendJsonObject(update(1, "/watches"))
            .compose(refused -> api.deliverToWebhook(update(2, "/help"))
                .compose(accepted -> api.awaitCalls("sendMessage", 1, Duration.ofSeconds(30)))
                .compose(calls -> web.get(port, "127.0.0.1", "/status").putHeader("Accept", "application/json").send()
                    .map(status -> List.of(registered, refused.statusCode(), api.calls("sendMessage"),
                        status.bodyAsJsonObject()))));
      });
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      JsonObject registered = (JsonObject) parts.get(0);
      assertEquals(url, registered.getString("url"));
      assertEquals(SECRET, registered.getString("secret_token"));
      assertEquals(new JsonArray().add("message").add("callback_query"), registered.getJsonArray("allowed_updates"));
      assertEquals(7, registered.getInteger("max_connections"));
      assertEquals(true, registered.getBoolean("drop_pending_updates"));
      assertEquals(401, parts.get(1));
      @SuppressWarnings("unchecked")
      List<BotApiServer.Call> calls = (List<BotApiServer.Call>) parts.get(2);
      // Replies to one chat leave in order, so had the refused /watches run, its reply would be first.
      assertTrue(calls.get(0).params().getString("text").startsWith("<b>Commands</b>"), "the /help, not /watches");
      assertTrue(calls.stream().noneMatch(c -> c.params().getString("text").startsWith("No watches")));
      JsonObject bot = ((JsonObject) parts.get(3)).getJsonObject("pipelines").getJsonObject("bot");
      assertEquals("running", bot.getString("state"));
      JsonObject details = bot.getJsonObject("details");
      assertEquals("webhook", details.getString("mode"));
      assertEquals(true, details.getBoolean("webhook_registered"));
      assertFalse(details.encode().contains("77:secret-bot"), "never the token");
      assertFalse(details.encode().contains(SECRET), "never the secret");
      ctx.completeNow();
    })));
  }
}
