package marketgate.shared.telegram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * The Telegram Bot API, reduced to {@code sendMessage} for now. A 429 answer carries
 * {@code parameters.retry_after} seconds (FORMATS.md): the message is sent again after that wait,
 * up to {@code maxRetries} times, instead of failing or hammering the API.
 */
public final class TelegramClient {
  /** Telegram's limit for one message's text. */
  public static final int MAX_TEXT = 4096;

  private final Vertx vertx;
  private final WebClient client;
  private final String apiUrl;
  private final String token;
  private final int maxRetries;

  public TelegramClient(Vertx vertx, WebClient client, String apiUrl, String token, int maxRetries) {
    this.vertx = vertx;
    this.client = client;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.token = token;
    this.maxRetries = maxRetries;
  }

  /** Sends plain text (cut to 4096 characters); the future fails on any non-2xx final answer. */
  public Future<JsonObject> sendMessage(String chatId, String text) {
    String body = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "\u2026" : text;
    JsonObject request = new JsonObject().put("chat_id", chatId).put("text", body)
        .put("disable_web_page_preview", true);
    return call("sendMessage", request, 0);
  }

  private Future<JsonObject> call(String method, JsonObject request, int attempt) {
    return client.postAbs(apiUrl + "/bot" + token + "/" + method).timeout(10_000)
        .sendJsonObject(request)
        .compose(response -> handle(method, request, attempt, response));
  }

  private Future<JsonObject> handle(String method, JsonObject request, int attempt, HttpResponse<Buffer> response) {
    JsonObject answer = parse(response);
    if (response.statusCode() == 429 && attempt < maxRetries) {
      long seconds = Math.max(1, answer.getJsonObject("parameters", new JsonObject()).getLong("retry_after", 1L));
      return vertx.timer(seconds * 1000).compose(v -> call(method, request, attempt + 1));
    }
    if (response.statusCode() / 100 != 2 || !answer.getBoolean("ok", false)) {
      // The URL holds the token: never put it in an error message.
      return Future.failedFuture("Telegram " + method + " answered " + response.statusCode() + ": "
          + answer.getString("description", "no description"));
    }
    return Future.succeededFuture(answer);
  }

  private static JsonObject parse(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      return body == null ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }
}
