package marketgate.gateway.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TelegramWebhookHandlerTest {
  private static final String SECRET = "hook-secret_42";
  @TempDir Path dataDir;
  private final List<JsonObject> forwarded = new CopyOnWriteArrayList<>();
  private GatewayFixture gateway;
  private MessageConsumer<JsonObject> botConsumer;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    botConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.BOT_UPDATES, m -> {
      forwarded.add(m.body());
      m.reply(null); // the receipt the bot's dispatcher gives
    });
    MarketgateConfig base = GatewayFixture.config(dataDir, GatewayFixture.layers(60, "memory"))
        .withOverrides(new JsonObject().put("http", new JsonObject().put("maxBodyBytes", 2048)));
    MarketgateConfig config = MarketgateConfig.from(base.toJson(),
        Secrets.none().with(Secrets.TELEGRAM_WEBHOOK_SECRET, SECRET));
    GatewayFixture.start(vertx, dataDir, config).onComplete(ctx.succeeding(g -> {
      gateway = g;
      ctx.completeNow();
    }));
  }

  private Future<GatewayFixture.Reply> post(String secret, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    if (secret != null) {
      headers.add("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    // Each step with its own deadline, so a hang names the request it hung on.
    String what = "POST of " + body.length() + " bytes starting " + body.substring(0, Math.min(20, body.length()));
    return gateway.request(HttpMethod.POST, "/webhooks/telegram", headers, Buffer.buffer(body))
        .timeout(20, java.util.concurrent.TimeUnit.SECONDS)
        .recover(e -> Future.failedFuture(new AssertionError(what + " failed: " + e, e)));
  }

  private static String update(long id) {
    return new JsonObject().put("update_id", id).put("message", new JsonObject().put("text", "/help")
        .put("chat", new JsonObject().put("id", 5))).encode();
  }

  @Test
  void aWrongOrMissingSecretIs401AndNothingIsForwarded(Vertx vertx, VertxTestContext ctx) {
    post("guess", update(1)).compose(wrong -> post(null, update(2)).map(missing -> List.of(wrong, missing)))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          for (var r : replies) {
            assertEquals(401, r.status());
            assertEquals("unauthorized", r.body().toJsonObject().getString("error"));
          }
          assertTrue(forwarded.isEmpty());
          ctx.completeNow();
        })));
  }

  @Test
  void theSameUpdateIdDeliveredTwiceIsForwardedOnceAndBothAreAnswered200(Vertx vertx, VertxTestContext ctx) {
    post(SECRET, update(7)).compose(a -> post(SECRET, update(7)).map(b -> List.of(a, b)))
        .compose(replies -> vertx.timer(1).map(replies))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          assertEquals(200, replies.get(0).status());
          assertEquals(200, replies.get(1).status());
          assertEquals(1, forwarded.size());
          assertEquals(7, forwarded.get(0).getInteger("update_id"));
          ctx.completeNow();
        })));
  }

  @Test
  void notJsonOrNotAnUpdateIs400AndTooLargeIs413EachCounted(Vertx vertx, VertxTestContext ctx) {
    String large = new JsonObject().put("update_id", 9).put("pad", "x".repeat(4096)).encode();
    post(SECRET, "{not json").compose(a -> post(SECRET, "{\"message\":{}}").compose(b -> post(SECRET, large)
            .compose(c -> post(SECRET, "{\"update_id\": \"12\"}").map(d -> List.of(a, b, c, d)))))
        .compose(replies -> gateway.get("/metrics").map(m -> List.of(replies, m.body().toString())))
        .onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<GatewayFixture.Reply> replies = (List<GatewayFixture.Reply>) parts.get(0);
          assertEquals(List.of(400, 400, 413, 400), replies.stream().map(GatewayFixture.Reply::status).toList());
          assertEquals("not an update", replies.get(0).body().toJsonObject().getString("error"));
          assertEquals("body too large", replies.get(2).body().toJsonObject().getString("error"));
          String metrics = (String) parts.get(1);
          assertTrue(metrics.contains("marketgate_telegram_webhook_updates_total{outcome=\"malformed\"} 3.0"), metrics);
          assertTrue(metrics.contains("marketgate_telegram_webhook_updates_total{outcome=\"too_large\"} 1.0"), metrics);
          assertTrue(forwarded.isEmpty());
          ctx.completeNow();
        })));
  }

  @Test
  void anUpdateNoBotTakesIs503WithRetryAfterAndItsRepeatIsTakenOnceABotIsBack(Vertx vertx, VertxTestContext ctx) {
    // No bot consumer: the update must not be answered 200 (Telegram would never repeat it) nor be
    // remembered as seen (its repeat would be dropped as a duplicate).
    botConsumer.unregister()
        .compose(v -> post(SECRET, update(21)))
        .compose(refused -> vertx.eventBus().<JsonObject>consumer(Addresses.BOT_UPDATES, m -> {
              forwarded.add(m.body());
              m.reply(null);
            }).completion()
            .compose(v -> post(SECRET, update(21)))
            .compose(repeat -> gateway.get("/metrics").map(m -> List.of(refused, repeat, m))))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          assertEquals(503, replies.get(0).status());
          assertEquals("5", replies.get(0).header("Retry-After"));
          assertEquals("try again", replies.get(0).body().toJsonObject().getString("error"));
          assertEquals(200, replies.get(1).status(), "the repeat is taken, not answered as a duplicate");
          assertEquals(1, forwarded.size());
          assertEquals(21, forwarded.get(0).getInteger("update_id"));
          String metrics = replies.get(2).text();
          assertTrue(metrics.contains("marketgate_telegram_webhook_updates_total{outcome=\"undelivered\"} 1.0"), metrics);
          assertTrue(metrics.contains("marketgate_telegram_webhook_updates_total{outcome=\"accepted\"} 1.0"), metrics);
          ctx.completeNow();
        })));
  }
}
