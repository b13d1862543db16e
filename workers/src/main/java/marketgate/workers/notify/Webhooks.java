package marketgate.workers.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Generic JSON webhooks for people: the same text as {@code text} (Slack) and {@code content}
 * (Discord) so one URL of either works, plus whatever structured fields the caller adds for
 * anything else.
 */
public final class Webhooks {
  /** Discord rejects {@code content} over 2,000 characters. */
  static final int DISCORD_MAX = 2_000;
  static final int TIMEOUT_MILLIS = 10_000;

  private Webhooks() {}

  /** {@code {"text", "content"}}; add structured fields to the returned object. */
  public static JsonObject payload(String text) {
    return new JsonObject()
        .put("text", text)
        .put("content", text.length() > DISCORD_MAX ? text.substring(0, DISCORD_MAX - 1) + "\u2026" : text);
  }

  /**
   * Posts the JSON; fails unless the answer is 2xx. Failure messages never hold the URL: Slack and
   * Discord webhook paths are secrets, and Vert.x's timeout message would quote the path.
   */
  public static Future<Void> post(WebClient client, String url, JsonObject body) {
    return client.postAbs(url).timeout(TIMEOUT_MILLIS).sendJsonObject(body)
        .recover(e -> Future.failedFuture("webhook request failed (" + e.getClass().getSimpleName() + ")"))
        .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture("webhook answered " + r.statusCode()));
  }
}
