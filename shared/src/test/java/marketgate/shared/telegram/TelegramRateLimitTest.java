package marketgate.shared.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import marketgate.shared.telegram.BotApiServer.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outgoing queue seen from the Bot API server's clock: limits, fairness, 429 pauses, bounds.
 * Only minimum spacings are asserted; a slow machine only spreads the calls further.
 */
@ExtendWith(VertxExtension.class)
class TelegramRateLimitTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long SECOND = 1_000_000_000L;

  private BotApiServer server;
  private TelegramClient client;

  @BeforeEach
  void startServer(Vertx vertx) {
    server = BotApiServer.start(vertx).await();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close().await();
    }
    server.close().await();
  }

  @Test
  void aBurstOf200RepliesTo20ChatsNeverBreaksTheLimits(Vertx vertx) {
    // A faster per-chat rate than Telegram's so that 16 private chats want more than 30/s and the
    // global limit is the one that binds; a per-group limit of 3 a minute keeps the test short.
    TelegramLimits limits = new TelegramLimits(30, 4.0, 3, 3, 1_000, 5, 1_000);
    client = new TelegramClient(vertx, server.baseUrl(), "1:t", limits);
    Map<String, List<Future<JsonObject>>> byChat = new LinkedHashMap<>();
    for (int c = 0; c < 20; c++) {
      String chat = c < 16 ? String.valueOf(5001 + c) : String.valueOf(-1001 - c);
      List<Future<JsonObject>> replies = new ArrayList<>();
      // Chat by chat, ten each: the first chats' backlogs are queued before the last chats' first reply.
      for (int i = 0; i < 10; i++) {
        replies.add(client.sendHtml(chat, "<b>reply " + i + "</b> to " + chat, null));
      }
      byChat.put(chat, replies);
    }

    List<Future<JsonObject>> deliverable = new ArrayList<>();
    byChat.forEach((chat, replies) -> deliverable.addAll(chat.startsWith("-") ? replies.subList(0, 3) : replies));
    Future.all(deliverable).await();

    List<Call> calls = server.calls("sendMessage");
    assertEquals(16 * 10 + 4 * 3, calls.size(), "every private reply, and 3 per group this minute");
    assertEquals(4 * 7, client.stats().getInteger("queue_depth"), "the groups' other replies wait for the next minute");
    List<Long> all = calls.stream().map(Call::receivedNanos).toList();
    assertAtMost(30, SECOND, all, "overall");
    for (String chat : byChat.keySet()) {
      List<Long> times = calls.stream().filter(c -> c.chatId().equals(chat)).map(Call::receivedNanos).toList();
      for (int i = 0; i < times.size(); i++) {
        for (int j = i + 1; j < times.size(); j++) {
          double window = (times.get(j) - times.get(i)) / 1e9;
          assertTrue(j - i + 1 <= limits.perChatBurst() + limits.perChatPerSecond() * window,
              "chat " + chat + ": " + (j - i + 1) + " replies in " + window + " s");
        }
      }
      if (chat.startsWith("-")) {
        assertAtMost(3, 60 * SECOND, times, "group " + chat);
      }
      // In order: a chat's replies arrive as they were sent.
      List<String> texts = calls.stream().filter(c -> c.chatId().equals(chat))
          .map(c -> c.params().getString("text")).toList();
      for (int i = 0; i < texts.size(); i++) {
        assertTrue(texts.get(i).startsWith("<b>reply " + i + "</b>"), texts.toString());
      }
    }
    // Fair: the first chats' backlogs did not hold back the last chat's first reply (in a FIFO it
    // would be the 191st); a sixth reply needs 100 sends before it, more than three seconds' worth.
    long firstSixth = byChat.keySet().stream().filter(c -> !c.startsWith("-"))
        .mapToLong(c -> calls.stream().filter(x -> x.chatId().equals(c)).skip(5).findFirst().orElseThrow().receivedNanos())
        .min().orElseThrow();
    for (String chat : byChat.keySet()) {
      long first = calls.stream().filter(c -> c.chatId().equals(chat)).findFirst().orElseThrow().receivedNanos();
      assertTrue(first < firstSixth, "chat " + chat + "'s first reply came before any chat's sixth");
    }

    client.close().await();
    long droppedAtClose = byChat.values().stream().flatMap(List::stream).filter(Future::failed)
        .filter(f -> ((TelegramException) f.cause()).errorCode() == TelegramException.DROPPED).count();
    assertEquals(28, droppedAtClose, "closing fails what is still queued");
    assertEquals(28, client.stats().getLong("dropped"));
    client = null;
  }

  /** Every window of {@code windowNanos} starting at a call holds at most {@code max} calls. */
  private static void assertAtMost(int max, long windowNanos, List<Long> times, String what) {
    List<Long> sorted = times.stream().sorted().toList();
    for (int i = 0, j = 0; i < sorted.size(); i++) {
      while (j < sorted.size() && sorted.get(j) - sorted.get(i) < windowNanos) {
        j++;
      }
      assertTrue(j - i <= max, what + ": " + (j - i) + " calls within " + windowNanos / 1_000_000 + " ms"
          + sorted.stream().map(t -> String.valueOf((t - sorted.get(0)) / 1_000_000)).toList());
    }
  }

  @Test
  void a429PausesThatChatOnlyUntilRetryAfter(Vertx vertx) {
    server.failNext("sendMessage", "111", 1, 429, 3);
    client = new TelegramClient(vertx, server.baseUrl(), "1:t", TelegramLimits.defaults());

    Future<JsonObject> first = client.sendMessage("111", "first");
    Future<JsonObject> second = client.sendMessage("111", "second");
    server.awaitCalls("sendMessage", 1, WAIT).await();
    Future<JsonObject> other = client.sendMessage("222", "other chat");
    Future.all(first, second, other).await();

    List<Call> calls = server.calls("sendMessage");
    List<String> order = calls.stream().map(c -> c.params().getString("text") + ":" + c.status()).toList();
    assertEquals(List.of("first:429", "other chat:200", "first:200", "second:200"), order,
        "the other chat flows during the pause; the paused chat keeps its order");
    long waited = calls.get(2).receivedNanos() - calls.get(0).receivedNanos();
    assertTrue(waited >= 3 * SECOND, "retried after retry_after (3 s): " + waited / 1_000_000 + " ms");
    assertEquals(1, client.stats().getLong("rate_limited"));
    assertEquals(1, client.stats().getLong("retried"));
    assertEquals(3, client.stats().getLong("sent"));
  }

  @Test
  void aFullQueueFailsTheNewMessageAtOnceAndCountsTheDrop(Vertx vertx) {
    client = new TelegramClient(vertx, server.baseUrl(), "1:t", new TelegramLimits(30, 1.0, 3, 20, 3, 5, 1_000));
    // In flight counts: with the answers held back, three calls fill the queue whatever the timing.
    server.holdAnswers();

    List<Future<JsonObject>> accepted = List.of(client.sendMessage("5", "a"), client.sendMessage("5", "b"),
        client.sendMessage("6", "c"));
    Future<JsonObject> overflow = client.sendMessage("6", "d");

    TelegramException e = (TelegramException) assertThrows(Throwable.class, overflow::await);
    assertEquals(TelegramException.DROPPED, e.errorCode());
    assertTrue(e.getMessage().contains("queue is full"), e.getMessage());
    server.awaitCalls("sendMessage", 2, WAIT).await();
    server.releaseAnswers();
    Future.all(accepted).await();
    assertEquals(3, server.calls("sendMessage").size());
    assertEquals(1, client.stats().getLong("dropped"));
    assertEquals(3, client.stats().getLong("sent"));
    assertEquals(0, client.stats().getInteger("queue_depth"));
  }
}
