package marketgate.gateway.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.Secrets;
import marketgate.shared.testing.Eventually;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DriveWebhookHandlerTest {
  private final List<JsonObject> forwarded = new CopyOnWriteArrayList<>();
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.DRIVE_CHANGES, m -> forwarded.add(m.body()));
    Router router = Router.router(vertx);
    router.post("/webhooks/drive").handler(new DriveWebhookHandler(vertx,
        Secrets.none().with(Secrets.DRIVE_CHANNEL_TOKEN, "s3cret")));
    client = WebClient.create(vertx);
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding(s -> {
          port = s.actualPort();
          ctx.completeNow();
        }));
  }

  private Future<HttpResponse<io.vertx.core.buffer.Buffer>> notify(String token, String state, String number) {
    var req = client.request(HttpMethod.POST, port, "127.0.0.1", "/webhooks/drive")
        .putHeader("X-Goog-Channel-ID", "chan-1").putHeader("X-Goog-Resource-State", state)
        .putHeader("X-Goog-Resource-ID", "res-9");
    if (token != null) {
      req.putHeader("X-Goog-Channel-Token", token);
    }
    if (number != null) {
      req.putHeader("X-Goog-Message-Number", number);
    }
    return req.send();
  }

  @Test
  void aWrongOrMissingTokenIsRejectedWithJson401(Vertx vertx, VertxTestContext ctx) {
    notify("guess", "change", "2").compose(wrong -> notify(null, "change", "3").map(missing -> List.of(wrong, missing)))
        .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
          for (var r : rs) {
            assertEquals(401, r.statusCode());
            assertEquals("unauthorized", r.bodyAsJsonObject().getString("error"));
          }
          assertEquals(0, forwarded.size());
          ctx.completeNow();
        })));
  }

  /**
   * Waits until the notification with {@code number} has reached the bus consumer. The handler
   * forwards in request order and the bus keeps a sender's order, so anything forwarded before it
   * is in {@link #forwarded} by then: a "nothing else was forwarded" check needs no sleep.
   */
  private Future<Void> forwardedUpTo(Vertx vertx, long number) {
    return Eventually.untilTrue(vertx, () -> forwarded.stream().anyMatch(m -> m.getLong("messageNumber") == number));
  }

  @Test
  void syncIsAcknowledgedAndNotForwarded(Vertx vertx, VertxTestContext ctx) {
    notify("s3cret", "sync", "1")
        .compose(sync -> notify("s3cret", "change", "2").compose(marker -> forwardedUpTo(vertx, 2)).map(sync))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.statusCode());
          assertEquals(1, forwarded.size(), "only the change that followed the sync: " + forwarded);
          assertEquals(2L, forwarded.get(0).getLong("messageNumber"));
          ctx.completeNow();
        })));
  }

  @Test
  void aChangeIsForwardedOncePerChannelAndMessageNumber(Vertx vertx, VertxTestContext ctx) {
    notify("s3cret", "change", "7")
        .compose(first -> notify("s3cret", "change", "7").map(again -> List.of(first, again)))
        .compose(rs -> notify("s3cret", "update", "8").map(third -> List.of(rs.get(0), rs.get(1), third)))
        .compose(rs -> forwardedUpTo(vertx, 8).map(rs))
        .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
          assertEquals(202, rs.get(0).statusCode());
          assertEquals(200, rs.get(1).statusCode(), "a repeat is acknowledged");
          assertEquals(202, rs.get(2).statusCode(), "files-channel states count as changes");
          assertEquals(2, forwarded.size());
          assertEquals(7L, forwarded.get(0).getLong("messageNumber"));
          assertEquals("chan-1", forwarded.get(0).getString("channelId"));
          assertEquals("res-9", forwarded.get(0).getString("resourceId"));
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownStateIsA400(Vertx vertx, VertxTestContext ctx) {
    notify("s3cret", "explode", "9").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(400, r.statusCode());
      assertEquals("bad notification", r.bodyAsJsonObject().getString("error"));
      ctx.completeNow();
    })));
  }
}
