package marketgate.gateway.webhooks;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Vertx;
import marketgate.shared.cluster.DeliveredOnce;
import java.util.Set;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.Secrets;

/**
 * {@code POST /webhooks/drive}: Google Drive push notifications (FORMATS.md). The channel token
 * is checked in constant time; {@code sync} (sent once when a channel opens) is acknowledged and
 * nothing else; a change is sent once per (channel id, message number) to
 * {@link Addresses#DRIVE_CHANGES} and answered at once, because Google retries on 5xx or a slow
 * answer. Message numbers are remembered for a day in a map every gateway of a cluster shares
 * ({@link DeliveredOnce}), so a notification repeated to another gateway is forwarded once too.
 */
public final class DriveWebhookHandler implements Handler<RoutingContext> {
  /** Changes-channel and files-channel states that mean "something changed". */
  private static final Set<String> CHANGE_STATES = Set.of("change", "add", "remove", "update", "trash", "untrash");
  private static final long REMEMBERED_MILLIS = 24 * 3600 * 1000L;

  private final EventBus bus;
  private final Secrets secrets;
  private final DeliveredOnce<String> seen;

  public DriveWebhookHandler(Vertx vertx, Secrets secrets) {
    this.bus = vertx.eventBus();
    this.secrets = secrets;
    this.seen = new DeliveredOnce<>(vertx, "marketgate.drive.messages", REMEMBERED_MILLIS);
  }

  @Override
  public void handle(RoutingContext ctx) {
    var headers = ctx.request().headers();
    if (!secrets.matches(Secrets.DRIVE_CHANNEL_TOKEN, headers.get("X-Goog-Channel-Token"))) {
      error(ctx, 401, "unauthorized", "X-Goog-Channel-Token is missing or does not match DRIVE_CHANNEL_TOKEN");
      return;
    }
    String channel = headers.get("X-Goog-Channel-ID");
    String state = headers.get("X-Goog-Resource-State");
    String number = headers.get("X-Goog-Message-Number");
    if (channel == null || state == null) {
      error(ctx, 400, "bad notification", "X-Goog-Channel-ID and X-Goog-Resource-State are required");
      return;
    }
    if ("sync".equals(state)) {
      ctx.response().setStatusCode(200).end();
      return;
    }
    if (!CHANGE_STATES.contains(state)) {
      error(ctx, 400, "bad notification", "X-Goog-Resource-State '" + state + "' is not one of sync, "
          + String.join(", ", CHANGE_STATES));
      return;
    }
    if (number == null || !number.matches("[0-9]{1,20}")) {
      error(ctx, 400, "bad notification", "X-Goog-Message-Number must be a number");
      return;
    }
    // If the map cannot be reached the notification counts as first: a repeat beats a lost change.
    seen.first(channel + "#" + number, "gateway").otherwise(true)
        .onSuccess(first -> forward(ctx, first, channel, number, state));
  }

  private void forward(RoutingContext ctx, boolean first, String channel, String number, String state) {
    var headers = ctx.request().headers();
    if (first) {
      bus.send(Addresses.DRIVE_CHANGES, new JsonObject()
          .put("channelId", channel)
          .put("messageNumber", Long.parseLong(number))
          .put("state", state)
          .put("resourceId", headers.get("X-Goog-Resource-ID"))
          .put("resourceUri", headers.get("X-Goog-Resource-URI"))
          .put("changed", headers.get("X-Goog-Changed"))
          .put("expiration", headers.get("X-Goog-Channel-Expiration")));
    }
    // A repeat is answered 2xx too, so Google stops repeating it.
    ctx.response().setStatusCode(first ? 202 : 200).end();
  }

  private static void error(RoutingContext ctx, int status, String error, String detail) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).put("detail", detail).encode());
  }
}
