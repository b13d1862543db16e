package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The push channel on Drive's changes feed: opened at start, renewed before it expires (the new
 * one first, then the old one stopped, so no notification falls in a gap), stopped at shutdown.
 * A failed renewal is reported; the periodic poll covers until the next one.
 */
final class DriveChannel {
  static final long LIFETIME_MILLIS = 24 * 3_600_000L;
  private static final long RENEW_BEFORE_MILLIS = 15 * 60_000L;

  private final Vertx vertx;
  private final DriveClient drive;
  private final Clock clock;
  private final String address;
  private final String token;
  private final Supplier<Future<String>> pageToken;
  private final Consumer<String> failed;
  private JsonObject channel;
  private long renewTimer = -1;

  /**
   * @param pageToken the saved page token (fetching and saving a fresh one when there is none)
   * @param failed told every failure, with what was being done
   */
  DriveChannel(Vertx vertx, DriveClient drive, Clock clock, String address, String token,
      Supplier<Future<String>> pageToken, Consumer<String> failed) {
    this.vertx = vertx;
    this.drive = drive;
    this.clock = clock;
    this.address = address;
    this.token = token;
    this.pageToken = pageToken;
    this.failed = failed;
  }

  /** Opens a channel, then stops the one it replaces; renews before expiry. */
  Future<Void> open() {
    String id = UUID.randomUUID().toString();
    return pageToken.get()
        .compose(t -> drive.watchChanges(t, id, address, token, clock.millis() + LIFETIME_MILLIS))
        .compose(answer -> {
          JsonObject old = channel;
          channel = new JsonObject().put("id", id).put("resourceId", answer.getString("resourceId"))
              .put("expiration", Long.parseLong(String.valueOf(answer.getValue("expiration",
                  clock.millis() + LIFETIME_MILLIS))));
          long renewIn = Math.max(1_000, channel.getLong("expiration") - clock.millis() - RENEW_BEFORE_MILLIS);
          renewTimer = vertx.setTimer(renewIn, t -> open()
              .onFailure(e -> failed.accept("renewing the Drive channel: " + e.getMessage())));
          return old == null ? Future.succeededFuture() : stop(old);
        });
  }

  /** Stops the current channel (at shutdown); a failure is reported, never fatal. */
  Future<Void> close() {
    vertx.cancelTimer(renewTimer);
    return channel == null ? Future.succeededFuture() : stop(channel);
  }

  private Future<Void> stop(JsonObject which) {
    return drive.stopChannel(which.getString("id"), which.getString("resourceId"))
        .recover(e -> {
          // Drive drops an unstopped channel at its expiry; the duplicate notifications meanwhile are harmless.
          failed.accept("stopping Drive channel " + which.getString("id") + ": " + e.getMessage());
          return Future.succeededFuture();
        });
  }

  JsonObject status() {
    return channel == null ? null : channel.copy();
  }
}
