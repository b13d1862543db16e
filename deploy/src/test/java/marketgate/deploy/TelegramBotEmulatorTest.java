package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against the npm Bot API emulator {@code telegram-test-api}: a real node (gateway, bot,
 * scans, simulated history) registers its webhook with the emulator, the emulator delivers the
 * user's messages and button presses to {@code POST /webhooks/telegram}, and the bot's answers
 * appear in the emulator's history. Polling mode runs against the same emulator.
 */
@ExtendWith(VertxExtension.class)
class TelegramBotEmulatorTest {
  private static final String TOKEN = "4242:emulated-bot";
  private static final long CHAT = 31337;
  @TempDir Path dataDir;
  private TelegramEmulator emulator;
  private Node node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private Future<Node> startNode(Vertx vertx, JsonObject bot, int port) {
    MarketgateConfig config = MarketgateConfig.from(MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("simulator", new JsonObject().put("instrumentLimit", 40))
        .put("gateway", new JsonObject().put("serverInstances", 1))
        .put("bot", bot.put("apiUrl", emulator.apiUrl()))).toJson(),
        Secrets.none().with(Secrets.TELEGRAM_BOT_TOKEN, TOKEN));
    return Node.start(vertx, config, EnumSet.of(Role.HISTORY, Role.SCANS, Role.BOT, Role.GATEWAY))
        .onSuccess(n -> node = n);
  }

  /** Polls the emulator's history until a bot message matches (30 s). */
  private Future<List<JsonObject>> botMessagesWhen(Vertx vertx, Predicate<List<JsonObject>> condition) {
    Promise<List<JsonObject>> done = Promise.promise();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    vertx.setPeriodic(100, id -> emulator.botMessages().onComplete(r -> {
      if (r.succeeded() && condition.test(r.result())) {
        vertx.cancelTimer(id);
        done.tryComplete(r.result());
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("no matching bot message in time; history: " + (r.succeeded() ? r.result() : r.cause()));
      }
    }));
    return done.future();
  }

  private static Predicate<List<JsonObject>> anyText(Predicate<String> text) {
    return messages -> messages.stream().anyMatch(m -> text.test(m.getJsonObject("message").getString("text", "")));
  }

  private static JsonObject withText(List<JsonObject> messages, Predicate<String> text) {
    return messages.stream().filter(m -> text.test(m.getJsonObject("message").getString("text", ""))).findFirst()
        .orElseThrow();
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void aScanSentThroughTheEmulatorsWebhookIsAnsweredAndTheMenuIsNavigatedByCallbacks(Vertx vertx,
      VertxTestContext ctx) throws Exception {
    emulator = TelegramEmulator.start(vertx, TOKEN);
    int port = ChildProcess.freePort();
    JsonObject bot = new JsonObject().put("webhookUrl", "http://127.0.0.1:" + port + "/webhooks/telegram");
    startNode(vertx, bot, port)
        .compose(n -> emulator.userSays(CHAT, "/scan X:12:9:2.5"))
        .compose(v -> botMessagesWhen(vertx, anyText(t -> t.contains("X:12:9:2.5") && t.contains("EOD "))))
        .compose(afterScan -> emulator.userSays(CHAT, "/start")
            .compose(v -> botMessagesWhen(vertx, anyText(t -> t.contains("Pick a universe"))))
            .compose(menus -> {
              long menuId = withText(menus, t -> t.contains("Pick a universe")).getLong("messageId");
              return emulator.userPresses(CHAT, menuId, "i|12")
                  .compose(v -> botMessagesWhen(vertx, anyText(t -> t.startsWith("<b>all stocks</b>: pick a scan"))))
                  .compose(v -> emulator.userPresses(CHAT, menuId, "s|12|9"))
                  .compose(v -> botMessagesWhen(vertx, anyText(t -> t.startsWith("<b>Volume gainers</b> on all stocks"))))
                  .compose(v -> emulator.userPresses(CHAT, menuId, "r|X:12:9:2.5"))
                  .compose(v -> botMessagesWhen(vertx, messages -> messages.stream()
                      .filter(m -> m.getJsonObject("message").getString("text", "").startsWith("<b>Volume gainers</b> <code>X:12:9:2.5</code>"))
                      .count() == 2))
                  .map(last -> List.of(afterScan, last, menuId));
            }))
        .onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<JsonObject> afterScan = (List<JsonObject>) parts.get(0);
          @SuppressWarnings("unchecked")
          List<JsonObject> last = (List<JsonObject>) parts.get(1);
          JsonObject queued = afterScan.get(0).getJsonObject("message");
          assertEquals(String.valueOf(CHAT), String.valueOf(queued.getValue("chat_id")));
          assertTrue(queued.getString("text").startsWith("\u23f3 Queued <code>X:12:9:2.5</code>"), queued.encode());
          assertEquals("HTML", queued.getString("parse_mode"));
          // The menu message itself became the "queued" notice of the scan it started.
          JsonObject menu = last.stream().filter(m -> m.getLong("messageId").equals(parts.get(2))).findFirst().orElseThrow();
          assertTrue(menu.getJsonObject("message").getString("text").startsWith("\u23f3 Queued <code>X:12:9:2.5</code>"),
              menu.encode());
          ctx.completeNow();
        })));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void pollingModeAnswersThroughGetUpdatesOfTheSameEmulator(Vertx vertx, VertxTestContext ctx) throws Exception {
    emulator = TelegramEmulator.start(vertx, TOKEN);
    startNode(vertx, new JsonObject().put("mode", "polling").put("pollTimeoutSeconds", 1), 0)
        .compose(n -> emulator.userSays(CHAT, "/help"))
        .compose(v -> botMessagesWhen(vertx, anyText(t -> t.startsWith("<b>Commands</b>"))))
        .compose(v -> vertx.eventBus().<JsonObject>request(marketgate.shared.bus.Addresses.BOT_STATUS, new JsonObject()))
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertEquals("polling", status.body().getString("mode"));
          assertTrue(status.body().getLong("polls") >= 1);
          ctx.completeNow();
        })));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void theSameUpdateDeliveredTwiceToTheGatewayIsAnsweredOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
    emulator = TelegramEmulator.start(vertx, TOKEN);
    int port = ChildProcess.freePort();
    var web = io.vertx.ext.web.client.WebClient.create(vertx);
    JsonObject help = update(9001, "/help");
    startNode(vertx, new JsonObject().put("webhookUrl", "http://127.0.0.1:" + port + "/webhooks/telegram"), port)
        .compose(n -> web.post(port, "127.0.0.1", "/webhooks/telegram").sendJsonObject(help))
        .compose(first -> web.post(port, "127.0.0.1", "/webhooks/telegram").sendJsonObject(help)
            .map(second -> List.of(first.statusCode(), second.statusCode())))
        // Replies to one chat leave in order: once the next command is answered, a repeat would have been too.
        .compose(codes -> web.post(port, "127.0.0.1", "/webhooks/telegram").sendJsonObject(update(9002, "/watches"))
            .compose(r -> botMessagesWhen(vertx, anyText(t -> t.startsWith("No watches here"))))
            .map(messages -> List.of(codes, messages)))
        .onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
          assertEquals(List.of(200, 200), parts.get(0));
          @SuppressWarnings("unchecked")
          List<JsonObject> messages = (List<JsonObject>) parts.get(1);
          assertEquals(1, messages.stream()
              .filter(m -> m.getJsonObject("message").getString("text", "").startsWith("<b>Commands</b>")).count());
          ctx.completeNow();
        })));
  }

  private static JsonObject update(long id, String text) {
    return new JsonObject().put("update_id", id).put("message", new JsonObject().put("message_id", id)
        .put("date", 1_763_600_000L).put("text", text)
        .put("from", new JsonObject().put("id", CHAT).put("is_bot", false).put("first_name", "Asha"))
        .put("chat", new JsonObject().put("id", CHAT).put("type", "private")));
  }
}
