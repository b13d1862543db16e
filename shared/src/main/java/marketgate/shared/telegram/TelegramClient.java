package marketgate.shared.telegram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Telegram Bot API (core.telegram.org/bots/api) over the Vert.x Web Client, at
 * {@code <apiUrl>/bot<token>/<method>}.
 *
 * <p>Everything sent to a chat goes through one bounded queue that keeps Telegram's limits
 * ({@link TelegramLimits}), waits out a 429's {@code retry_after} on that chat alone and retries
 * 5xx and network errors with exponential backoff; 4xx answers fail at once. A call that is dropped
 * or finally fails is logged at WARN with its chat and method, counted in {@link #stats()}, and
 * fails its future with a {@link TelegramException}. Control calls (webhook, getMe, getUpdates) go
 * straight out. The token appears in no log line, exception, statistic or {@code toString()}.
 *
 * <p>The queue lives on the context that constructs the client (the owning verticle's); futures
 * complete on the caller's context.
 */
public final class TelegramClient {
  /** Telegram's limit for one message's text, counted after HTML parsing. */
  public static final int MAX_TEXT = 4096;
  /** Telegram's limit for a document's caption, counted after HTML parsing. */
  public static final int MAX_CAPTION = 1024;
  private static final long SEND_TIMEOUT_MILLIS = 15_000;
  private static final long DOCUMENT_TIMEOUT_MILLIS = 60_000;
  private static final long POLL_MARGIN_MILLIS = 15_000;

  private final Vertx vertx;
  private final String apiUrl;
  private final String token;
  private final TelegramLimits limits;
  private final WebClient web;
  private final OutgoingQueue queue;

  public TelegramClient(Vertx vertx, String apiUrl, String token, TelegramLimits limits) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a Telegram bot token is required");
    }
    this.vertx = Objects.requireNonNull(vertx);
    String base = Objects.requireNonNull(apiUrl, "apiUrl").strip();
    this.apiUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token.strip();
    this.limits = Objects.requireNonNull(limits);
    // One connection per call in flight plus the long poll and control calls: a dispatched call
    // never waits for a connection, so the queue's timing is the timing Telegram sees.
    this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("marketgate").setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(OutgoingQueue.MAX_IN_FLIGHT + 4));
    Context context = vertx.getOrCreateContext();
    this.queue = new OutgoingQueue(vertx, context, limits);
  }

  /** Plain text (no parse mode). Fails, rather than cuts, a text over {@link #MAX_TEXT}. */
  public Future<JsonObject> sendMessage(String chatId, String plainText) {
    return queued("sendMessage", chatId, plainText, false, MAX_TEXT,
        () -> message(chatId, plainText, false, null));
  }

  /** HTML text ({@code parse_mode} HTML) with an optional reply markup (inline keyboard). */
  public Future<JsonObject> sendHtml(String chatId, String html, JsonObject replyMarkup) {
    return queued("sendMessage", chatId, html, true, MAX_TEXT, () -> message(chatId, html, true, replyMarkup));
  }

  /** Replaces the text (HTML) and keyboard of a message the bot sent. */
  public Future<JsonObject> editMessageText(String chatId, long messageId, String html, JsonObject replyMarkup) {
    return queued("editMessageText", chatId, html, true, MAX_TEXT,
        () -> message(chatId, html, true, replyMarkup).put("message_id", messageId));
  }

  /** Stops the client's spinner on a pressed inline button; every callback query must be answered. */
  public Future<Void> answerCallbackQuery(String callbackQueryId, String text) {
    JsonObject body = new JsonObject().put("callback_query_id", callbackQueryId);
    if (text != null && !text.isEmpty()) {
      body.put("text", text);
    }
    String method = "answerCallbackQuery";
    return queue.submit(method, callbackQueryId, false, () -> post(method, callbackQueryId, SEND_TIMEOUT_MILLIS,
        request -> request.sendJsonObject(body))).mapEmpty();
  }

  /** A file as a multipart upload, e.g. a scan's full result as CSV; caption in HTML, nullable. */
  public Future<JsonObject> sendDocument(String chatId, String fileName, Buffer content, String captionHtml) {
    String method = "sendDocument";
    if (fileName == null || fileName.isBlank() || content == null || content.length() == 0) {
      return refuse(method, chatId, "a document needs a file name and content");
    }
    if (captionHtml != null && !captionHtml.isEmpty()) {
      String tooLong = TelegramText.checkHtml(captionHtml, MAX_CAPTION, "caption");
      if (tooLong != null) {
        return refuse(method, chatId, tooLong);
      }
    }
    Supplier<MultipartForm> form = () -> {
      MultipartForm f = MultipartForm.create().attribute("chat_id", chatId);
      if (captionHtml != null && !captionHtml.isEmpty()) {
        f.attribute("caption", captionHtml).attribute("parse_mode", "HTML");
      }
      return f.binaryFileUpload("document", fileName, content, mediaType(fileName));
    };
    return queue.submit(method, chatId, true, () -> post(method, chatId, DOCUMENT_TIMEOUT_MILLIS,
        request -> request.sendMultipartForm(form.get()))).map(TelegramClient::asObject);
  }

  public Future<Void> setWebhook(WebhookRegistration registration) {
    JsonObject body = new JsonObject().put("url", registration.url())
        .put("max_connections", registration.maxConnections())
        .put("drop_pending_updates", registration.dropPendingUpdates());
    if (!registration.allowedUpdates().isEmpty()) {
      body.put("allowed_updates", new JsonArray(registration.allowedUpdates()));
    }
    if (registration.secretToken() != null && !registration.secretToken().isEmpty()) {
      body.put("secret_token", registration.secretToken());
    }
    return control("setWebhook", body, SEND_TIMEOUT_MILLIS, limits.maxRetries()).mapEmpty();
  }

  public Future<Void> deleteWebhook(boolean dropPendingUpdates) {
    return control("deleteWebhook", new JsonObject().put("drop_pending_updates", dropPendingUpdates),
        SEND_TIMEOUT_MILLIS, limits.maxRetries()).mapEmpty();
  }

  public Future<JsonObject> getMe() {
    return control("getMe", new JsonObject(), SEND_TIMEOUT_MILLIS, limits.maxRetries())
        .map(TelegramClient::asObject);
  }

  /**
   * One long poll: waits up to {@code timeoutSeconds} for updates from {@code offset} on. Not
   * retried here: the polling loop calls again with its offset.
   */
  public Future<JsonArray> getUpdates(long offset, int timeoutSeconds, List<String> allowedUpdates) {
    JsonObject body = new JsonObject().put("offset", offset).put("timeout", timeoutSeconds);
    if (allowedUpdates != null && !allowedUpdates.isEmpty()) {
      body.put("allowed_updates", new JsonArray(allowedUpdates));
    }
    return control("getUpdates", body, timeoutSeconds * 1000L + POLL_MARGIN_MILLIS, 0)
        .map(result -> result instanceof JsonArray a ? a : new JsonArray());
  }

  /** Queue figures for {@code /status} and metrics: numbers only. */
  public JsonObject stats() {
    return new JsonObject()
        .put("queue_depth", queue.depth())
        .put("sent", queue.sent.get())
        .put("failed", queue.failed.get())
        .put("dropped", queue.dropped.get())
        .put("retried", queue.retried.get())
        .put("rate_limited", queue.rateLimited.get())
        .put("paused_chats", queue.pausedLanes());
  }

  /** Fails what is still queued (counted as dropped) and closes the HTTP client. */
  public Future<Void> close() {
    return queue.close().eventually(() -> {
      web.close();
      return Future.succeededFuture();
    });
  }

  @Override
  public String toString() {
    return "TelegramClient[" + apiUrl + ", " + stats().encode() + "]";
  }

  private Future<JsonObject> queued(String method, String chatId, String text, boolean html, int max,
      Supplier<JsonObject> body) {
    String refused = html ? TelegramText.checkHtml(text, max, "message text") : TelegramText.checkPlain(text, max);
    if (refused != null) {
      return refuse(method, chatId, refused);
    }
    return queue.submit(method, chatId, true, () -> post(method, chatId, SEND_TIMEOUT_MILLIS,
        request -> request.sendJsonObject(body.get()))).map(TelegramClient::asObject);
  }

  private Future<JsonObject> refuse(String method, String chatId, String reason) {
    queue.refused(method, chatId, reason);
    return Future.failedFuture(new TelegramException(400, "Telegram " + method + " to chat " + chatId
        + " refused: " + reason));
  }

  private static JsonObject message(String chatId, String text, boolean html, JsonObject replyMarkup) {
    JsonObject body = new JsonObject().put("chat_id", chatId).put("text", text)
        .put("link_preview_options", new JsonObject().put("is_disabled", true));
    if (html) {
      body.put("parse_mode", "HTML");
    }
    if (replyMarkup != null) {
      body.put("reply_markup", replyMarkup);
    }
    return body;
  }

  /** Retries a control call itself (no queue): 429 after retry_after, 5xx and network with backoff. */
  private Future<Object> control(String method, JsonObject body, long timeoutMillis, int retriesLeft) {
    return post(method, null, timeoutMillis, request -> request.sendJsonObject(body)).recover(error -> {
      TelegramException e = (TelegramException) error;
      int code = e.errorCode();
      if (retriesLeft <= 0 || !(code == 429 || code == TelegramException.NETWORK || code >= 500)) {
        return Future.failedFuture(e);
      }
      int attempt = limits.maxRetries() - retriesLeft;
      long wait = code == 429 ? Math.max(1, e.retryAfterSeconds()) * 1000
          : Math.min(limits.maxBackoffMillis(), 500L << Math.min(20, attempt));
      return vertx.timer(wait).compose(v -> control(method, body, timeoutMillis, retriesLeft - 1));
    });
  }

  /** One HTTP try; fails only with a {@link TelegramException} whose message holds no token. */
  private Future<Object> post(String method, String chatId, long timeoutMillis,
      java.util.function.Function<io.vertx.ext.web.client.HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send) {
    String target = chatId == null ? "" : " to chat " + chatId;
    Future<HttpResponse<Buffer>> response;
    try {
      response = send.apply(web.postAbs(apiUrl + "/bot" + token + "/" + method).timeout(timeoutMillis));
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    return response.transform(ar -> {
      if (ar.failed()) {
        // The HTTP layer's messages can hold the request URI, hence the token: scrub them.
        return Future.failedFuture(new TelegramException(TelegramException.NETWORK, "Telegram " + method + target
            + " failed: " + ar.cause().getClass().getSimpleName() + ": " + scrub(ar.cause().getMessage())));
      }
      return answer(method, target, ar.result());
    });
  }

  private Future<Object> answer(String method, String target, HttpResponse<Buffer> response) {
    JsonObject answer;
    try {
      Buffer body = response.body();
      answer = body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (RuntimeException notJson) {
      answer = new JsonObject();
    }
    int status = response.statusCode();
    if (status / 100 == 2 && answer.getBoolean("ok", false)) {
      Object result = answer.getValue("result");
      return Future.succeededFuture(result == null ? new JsonObject() : result);
    }
    int code = status / 100 == 2 ? answer.getInteger("error_code", 400) : status;
    JsonObject parameters = answer.getJsonObject("parameters", new JsonObject());
    long retryAfter = parameters.getLong("retry_after", 0L);
    String description = scrub(answer.getString("description", response.statusMessage()));
    return Future.failedFuture(new TelegramException(code, "Telegram " + method + target + " answered " + code
        + ": " + description, retryAfter));
  }

  private String scrub(String text) {
    if (text == null) {
      return "";
    }
    return text.replace(token, "<token>").replace(token.replace(":", "%3A"), "<token>");
  }

  private static JsonObject asObject(Object result) {
    return result instanceof JsonObject o ? o : new JsonObject();
  }

  private static String mediaType(String fileName) {
    String lower = fileName.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return "text/csv";
    }
    if (lower.endsWith(".txt")) {
      return "text/plain";
    }
    return lower.endsWith(".json") ? "application/json" : "application/octet-stream";
  }
}
