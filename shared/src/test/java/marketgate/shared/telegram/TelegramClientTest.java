package marketgate.shared.telegram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import marketgate.shared.telegram.BotApiServer.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The Bot API calls, their answers and their failures, against {@link BotApiServer}. */
@ExtendWith(VertxExtension.class)
class TelegramClientTest {
  private static final String TOKEN = "123456:SECRET-token_abc";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private BotApiServer server;
  private final List<TelegramClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer(Vertx vertx) {
    server = BotApiServer.start(vertx, TOKEN).await();
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(OutgoingQueue.class)).detachAndStopAllAppenders();
    clients.forEach(c -> c.close().await());
    server.close().await();
  }

  private TelegramClient client(Vertx vertx, TelegramLimits limits) {
    TelegramClient client = new TelegramClient(vertx, server.baseUrl() + "/", TOKEN, limits);
    clients.add(client);
    return client;
  }

  private static TelegramLimits quickRetries(int maxRetries) {
    return new TelegramLimits(30, 1.0, 3, 20, 100, maxRetries, 200);
  }

  private static TelegramException failure(Future<?> future) {
    Throwable e = assertThrows(Throwable.class, future::await);
    return assertInstanceOf(TelegramException.class, e);
  }

  @Test
  void htmlMessagesReachTheBotApiWithParseModeHtmlAndTheirKeyboard(Vertx vertx) {
    TelegramClient client = client(vertx, TelegramLimits.defaults());
    JsonObject keyboard = new JsonObject().put("inline_keyboard", new JsonArray().add(new JsonArray()
        .add(new JsonObject().put("text", "NIFTY").put("callback_data", "i:12"))));

    JsonObject sent = client.sendHtml("42", "<b>SBIN</b> &lt;1&gt;", keyboard).await();
    JsonObject plain = client.sendMessage("42", "plain <b>").await();
    JsonObject edited = client.editMessageText("42", sent.getLong("message_id"), "<i>edited</i>", null).await();

    assertEquals("SBIN <1>", sent.getString("text"), "Telegram's Message comes back");
    assertEquals(sent.getLong("message_id") + 1, plain.getLong("message_id"));
    assertEquals(sent.getLong("message_id"), edited.getLong("message_id"));
    List<Call> messages = server.calls("sendMessage");
    assertEquals(TOKEN, messages.get(0).token(), "<apiUrl>/bot<token>/<method>");
    assertEquals("42", messages.get(0).chatId());
    assertEquals("HTML", messages.get(0).params().getString("parse_mode"));
    assertEquals("<b>SBIN</b> &lt;1&gt;", messages.get(0).params().getString("text"));
    assertEquals(keyboard, messages.get(0).params().getJsonObject("reply_markup"));
    assertNull(messages.get(1).params().getString("parse_mode"), "plain text has no parse mode");
    Call edit = server.calls("editMessageText").get(0);
    assertEquals("HTML", edit.params().getString("parse_mode"));
    assertEquals(sent.getLong("message_id"), edit.params().getLong("message_id"));
  }

  @Test
  void documentsAreUploadedAsMultipartWithTheExactBytesAndFileName(Vertx vertx) {
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    TelegramClient client = client(vertx, TelegramLimits.defaults());

    JsonObject message = client.sendDocument("-100200", "X_12_9_2.5 scan.csv", Buffer.buffer(bytes),
        "<b>412</b> rows").await();

    Call call = server.calls("sendDocument").get(0);
    assertEquals("-100200", call.chatId());
    assertEquals("document", call.fileField());
    assertEquals("X_12_9_2.5 scan.csv", call.fileName());
    assertArrayEquals(bytes, call.file().getBytes());
    assertEquals("<b>412</b> rows", call.params().getString("caption"));
    assertEquals("HTML", call.params().getString("parse_mode"));
    assertEquals("X_12_9_2.5 scan.csv", message.getJsonObject("document").getString("file_name"));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilTheySucceed(Vertx vertx) {
    server.failNext("sendMessage", "7", 2, 502);
    TelegramClient client = client(vertx, quickRetries(5));

    JsonObject message = client.sendMessage("7", "hello").await();

    List<Call> calls = server.calls("sendMessage");
    assertEquals(List.of(502, 502, 200), calls.stream().map(Call::status).toList());
    assertTrue(message.containsKey("message_id"));
    for (int i = 1; i < calls.size(); i++) {
      long gapMillis = (calls.get(i).receivedNanos() - calls.get(i - 1).receivedNanos()) / 1_000_000;
      assertTrue(gapMillis >= 200, "backed off at least maxBackoffMillis (200 ms): " + gapMillis + " ms");
    }
    assertEquals(2, client.stats().getLong("retried"));
    assertEquals(1, client.stats().getLong("sent"));
    assertEquals(0, client.stats().getLong("failed"));
  }

  @Test
  void aLostConnectionIsRetriedLikeAServerError(Vertx vertx) {
    server.failNext("sendDocument", "7", 1, BotApiServer.NETWORK_ERROR);
    TelegramClient client = client(vertx, quickRetries(5));

    JsonObject message = client.sendDocument("7", "rows.csv", Buffer.buffer("a,b\n1,2\n"), null).await();

    List<Call> calls = server.calls("sendDocument");
    assertEquals(List.of(0, 200), calls.stream().map(Call::status).toList());
    assertEquals("a,b\n1,2\n", calls.get(1).file().toString());
    assertEquals("rows.csv", message.getJsonObject("document").getString("file_name"));
    assertEquals(1, client.stats().getLong("retried"));
  }

  @Test
  void retriesStopAtMaxRetriesAndTheFailureIsLoggedAndCounted(Vertx vertx) {
    server.failNext("sendMessage", "7", 10, 500);
    ListAppender<ILoggingEvent> log = capture();
    TelegramClient client = client(vertx, quickRetries(2));

    TelegramException e = failure(client.sendMessage("7", "hello"));

    assertEquals(500, e.errorCode());
    assertTrue(e.getMessage().contains("after 3 tries"), e.getMessage());
    assertEquals(3, server.calls("sendMessage").size(), "one try and two retries");
    assertEquals(1, client.stats().getLong("failed"));
    assertTrue(log.list.stream().anyMatch(l -> l.getLevel() == Level.WARN
        && l.getFormattedMessage().contains("sendMessage to chat 7 answered 500")), "a WARN names chat and method");
  }

  @Test
  void aBadRequestFailsAtOnceWithoutRetry(Vertx vertx) {
    server.failNext("sendMessage", "8", 1, 400);
    TelegramClient client = client(vertx, quickRetries(5));

    TelegramException e = failure(client.sendHtml("8", "<b>x</b>", null));

    assertEquals(400, e.errorCode());
    assertTrue(e.getMessage().contains("Bad Request"), e.getMessage());
    assertEquals(1, server.calls("sendMessage").size());
    assertEquals(0, client.stats().getLong("retried"));
    assertEquals(1, client.stats().getLong("failed"));
  }

  @Test
  void aTextOverTelegramsLimitIsRefusedNotCut(Vertx vertx) {
    TelegramClient client = client(vertx, TelegramLimits.defaults());

    TelegramException e = failure(client.sendMessage("9", "x".repeat(TelegramClient.MAX_TEXT + 1)));
    // Tags do not count (Telegram counts after entity parsing): 4096 visible characters pass.
    JsonObject sent = client.sendHtml("9", "<b>" + "y".repeat(TelegramClient.MAX_TEXT - 1) + "</b>&amp;", null).await();

    assertTrue(e.getMessage().contains("4097") && e.getMessage().contains("4096"), e.getMessage());
    assertEquals(1, server.calls("sendMessage").size(), "the long text never left");
    assertEquals(TelegramClient.MAX_TEXT, sent.getString("text").length());
    assertEquals(1, client.stats().getLong("failed"));
  }

  @Test
  void controlCallsRegisterTheWebhookAndLongPollUpdates(Vertx vertx) {
    TelegramClient client = client(vertx, TelegramLimits.defaults());

    assertEquals("marketgate_test_bot", client.getMe().await().getString("username"));
    client.setWebhook(new WebhookRegistration("https://example.org/webhooks/telegram", "hook-secret",
        List.of("message", "callback_query"), 40, true)).await();
    JsonObject hook = server.webhook();
    TelegramException conflict = failure(client.getUpdates(0, 0, List.of()));
    client.deleteWebhook(false).await();
    Future<JsonArray> polling = client.getUpdates(0, 20, List.of("message"));
    server.awaitCalls("getUpdates", 2, WAIT).await();
    long id = server.pushUpdate(new JsonObject().put("message", new JsonObject().put("text", "/start")));
    JsonArray updates = polling.await();
    JsonArray afterConfirm = client.getUpdates(id + 1, 0, null).await();
    client.answerCallbackQuery("cb-1", "done").await();

    assertEquals("https://example.org/webhooks/telegram", hook.getString("url"));
    assertEquals("hook-secret", hook.getString("secret_token"));
    assertEquals(new JsonArray().add("message").add("callback_query"), hook.getJsonArray("allowed_updates"));
    assertEquals(40, hook.getInteger("max_connections"));
    assertTrue(hook.getBoolean("drop_pending_updates"));
    assertEquals(409, conflict.errorCode(), "getUpdates is refused while a webhook is set");
    assertNull(server.webhook());
    assertEquals(1, updates.size());
    assertEquals("/start", updates.getJsonObject(0).getJsonObject("message").getString("text"));
    assertEquals(0, afterConfirm.size(), "an offset past an update confirms it");
    assertEquals("20", String.valueOf(server.calls("getUpdates").get(1).params().getValue("timeout")));
    Call answer = server.calls("answerCallbackQuery").get(0);
    assertEquals("cb-1", answer.params().getString("callback_query_id"));
    assertEquals("done", answer.params().getString("text"));
  }

  @Test
  void theTokenNeverAppearsInErrorsLogsStatsOrToString(Vertx vertx) {
    ListAppender<ILoggingEvent> log = capture();
    server.failNext("sendMessage", "1", 1, 403);
    TelegramClient client = client(vertx, new TelegramLimits(30, 1.0, 3, 20, 1, 0, 100));
    // Nothing listens on this port: a network error, whose raw message could carry the URL.
    TelegramClient unreachable = new TelegramClient(vertx, "http://127.0.0.1:9", TOKEN, quickRetries(0));
    clients.add(unreachable);

    List<String> texts = new ArrayList<>();
    texts.add(failure(client.sendMessage("1", "blocked")).getMessage());
    texts.add(failure(client.sendMessage("1", "x".repeat(5000))).getMessage());
    TelegramException network = failure(unreachable.sendMessage("2", "hello"));
    texts.add(network.getMessage());
    texts.add(failure(unreachable.getMe()).getMessage());
    TelegramClient wrongToken = new TelegramClient(vertx, server.baseUrl(), "777:other", quickRetries(0));
    clients.add(wrongToken);
    TelegramException unauthorized = failure(wrongToken.getMe());
    texts.add(unauthorized.getMessage());
    texts.add(client.stats().encode());
    texts.add(client.toString());
    texts.add(unreachable.toString());
    log.list.forEach(l -> texts.add(l.getFormattedMessage()));

    assertEquals(0, network.errorCode(), "a network error has code 0");
    assertEquals(401, unauthorized.errorCode());
    assertNull(network.getCause(), "no cause that could print the URL");
    assertFalse(log.list.isEmpty(), "failures were logged");
    for (String text : texts) {
      assertFalse(text.contains("SECRET") || text.contains("123456"), "token leaked: " + text);
    }
  }

  private static ListAppender<ILoggingEvent> capture() {
    Logger logger = (Logger) LoggerFactory.getLogger(OutgoingQueue.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }
}
