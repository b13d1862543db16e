package marketgate.workers.bluedot.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.telegram.TelegramLimits;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.FailedFile;
import marketgate.workers.bluedot.convert.Timeframe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BatchNotifierTest {
  /** Held for the whole test: Vert.x closes a client nobody references, even with a request in flight. */
  private WebClient web;

  @BeforeEach
  void createClient(Vertx vertx) {
    web = WebClient.create(vertx);
  }

  private static final BatchResult RESULT = new BatchResult(Timeframe.DAILY, "2025-08-01", "2025-08-02T06:30:00Z",
      900, 3, List.of(), List.of(new FailedFile("BAD_daily.json", "not valid JSON")), false, "2025-07-31", List.of());

  record Seen(String path, JsonObject body) {}

  @Test
  void postsTheSummaryToTheWebhookAndRetriesTelegramAfterItsRetryAfter(Vertx vertx, VertxTestContext ctx) {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    AtomicInteger telegramCalls = new AtomicInteger();
    long[] firstTelegram = new long[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new Seen(req.path(), body.toJsonObject()));
      if (req.path().startsWith("/bot")) {
        if (telegramCalls.incrementAndGet() == 1) {
          firstTelegram[0] = System.nanoTime();
          req.response().setStatusCode(429).end(new JsonObject().put("ok", false)
              .put("description", "Too Many Requests: retry after 1")
              .put("parameters", new JsonObject().put("retry_after", 1)).encode());
          return;
        }
        req.response().end(new JsonObject().put("ok", true).put("result", new JsonObject()).encode());
      } else {
        req.response().setStatusCode(204).end();
      }
    }));
    server.listen(0, "127.0.0.1").compose(s -> {
      String base = "http://127.0.0.1:" + s.actualPort();
      WebClient client = web;
      TelegramClient telegram = new TelegramClient(vertx, base, "123:abc", TelegramLimits.defaults());
      return new BatchNotifier(client, base + "/hooks/slack", telegram, "-1001").notify(RESULT);
    }).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      long waited = (System.nanoTime() - firstTelegram[0]) / 1_000_000;
      assertEquals(2, telegramCalls.get(), "one 429, then the retry");
      assertTrue(waited >= 900, "waited retry_after before retrying: " + waited + " ms");
      JsonObject hook = seen.stream().filter(s -> s.path().equals("/hooks/slack")).findFirst().orElseThrow().body();
      assertEquals(0, hook.getInteger("processed"));
      assertEquals(3, hook.getInteger("total"));
      assertEquals("BAD_daily.json", hook.getJsonArray("failed").getJsonObject(0).getString("file"));
      assertTrue(hook.getString("text").contains("0 of 3 stocks processed, 1 failed"), hook.getString("text"));
      assertEquals(hook.getString("text"), hook.getString("content"));
      JsonObject message = seen.stream().filter(s -> s.path().equals("/bot123:abc/sendMessage")).findFirst()
          .orElseThrow().body();
      assertEquals("-1001", message.getString("chat_id"));
      assertTrue(message.getString("text").contains("- BAD_daily.json: not valid JSON"));
      ctx.completeNow();
    })));
  }

  @Test
  void aWebhookErrorFailsTheNotificationWithItsStatus(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(500).end())
        .listen(0, "127.0.0.1")
        .compose(s -> new BatchNotifier(web, "http://127.0.0.1:" + s.actualPort() + "/h",
            null, "").notify(RESULT))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e.getMessage().contains("500"), e.getMessage());
          ctx.completeNow();
        })));
  }

  @Test
  void withNothingConfiguredItIsDisabled() {
    assertEquals(false, new BatchNotifier(null, "", null, "").enabled());
  }
}
