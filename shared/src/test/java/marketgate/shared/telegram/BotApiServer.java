package marketgate.shared.telegram;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Telegram Bot API server on 127.0.0.1 for tests (core.telegram.org/bots/api): what the npm
 * emulator cannot do (multipart {@code sendDocument}, 429 with {@code retry_after}, 5xx, the
 * webhook secret header), on an ephemeral port.
 *
 * <ul>
 *   <li>Serves {@code <baseUrl()>/bot<token>/<method>} with JSON, form-urlencoded or multipart
 *       bodies (and query parameters), and answers {@code {"ok":true,"result":...}} as Telegram
 *       does: a Message with an incrementing {@code message_id} for {@code sendMessage} and
 *       {@code sendDocument}, the edited Message for {@code editMessageText}, {@code true} for
 *       {@code answerCallbackQuery}, {@code setWebhook}, {@code deleteWebhook},
 *       {@code sendChatAction}, {@code setMyCommands}, {@code deleteMessage}; a User for
 *       {@code getMe}; the webhook for {@code getWebhookInfo}; 404 for other methods.
 *   <li>Checks like Telegram: 400 for an empty text or one over 4096 characters after HTML
 *       parsing, 409 for {@code getUpdates} while a webhook is set, 401 for a wrong token when
 *       started with {@link #start(Vertx, String)}.
 *   <li>Records every call ({@link #calls()}), including refused ones, with its receive time.
 *   <li>{@link #failNext} scripts 429 (with {@code parameters.retry_after}), 5xx or 4xx answers
 *       or a dropped connection; {@link #holdAnswers()} keeps answers back until released.
 *   <li>{@code getUpdates} long-polls (honouring {@code timeout}, {@code offset}, {@code limit})
 *       over updates pushed with {@link #pushUpdate}; {@link #deliverToWebhook} posts an update to
 *       the registered webhook with its {@code X-Telegram-Bot-Api-Secret-Token}.
 * </ul>
 * Thread-safe: tests may call it from any thread.
 */
public final class BotApiServer {
  /**
   * One recorded call.
   *
   * @param chatId {@code chat_id} as text, null when the call has none
   * @param params every parameter; form and multipart values are strings (Telegram accepts
   *     JSON-serialised {@code reply_markup} there), JSON bodies keep their types
   * @param fileField the multipart field of the upload ({@code document}), null without one
   * @param receivedNanos {@link System#nanoTime()} when the request arrived
   * @param status the HTTP status answered
   */
  public record Call(String method, String token, String chatId, JsonObject params, String fileField,
      String fileName, Buffer file, long receivedNanos, int status) {}

  private record Failure(String method, String chatId, int errorCode, int retryAfterSeconds) {}

  private record Poll(long offset, int limit, HttpServerResponse response, long timerId) {}

  /** For {@link #failNext}: close the connection without an answer, as a network failure. */
  public static final int NETWORK_ERROR = 0;

  private final Vertx vertx;
  private final String expectedToken;
  private final List<Call> calls = new ArrayList<>();
  private final List<Failure> failures = new ArrayList<>();
  private final List<JsonObject> updates = new ArrayList<>();
  private final List<Poll> polls = new ArrayList<>();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private HttpServer server;
  private WebClient webhookClient;
  private JsonObject webhook;
  private long nextMessageId = 1;
  private long nextUpdateId = 1;

  private BotApiServer(Vertx vertx, String expectedToken) {
    this.vertx = vertx;
    this.expectedToken = expectedToken;
  }

  /** A server that accepts any token. */
  public static Future<BotApiServer> start(Vertx vertx) {
    return start(vertx, null);
  }

  /** A server that answers 401 Unauthorized unless the path carries {@code token}. */
  public static Future<BotApiServer> start(Vertx vertx, String token) {
    BotApiServer api = new BotApiServer(vertx, token);
    return vertx.createHttpServer().requestHandler(api::handle).listen(0, "127.0.0.1").map(s -> {
      api.server = s;
      return api;
    });
  }

  /** The {@code bot.apiUrl} to give a client: {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Every call so far, in arrival order. */
  public synchronized List<Call> calls() {
    List<Call> copy = new ArrayList<>(calls);
    copy.sort((a, b) -> Long.compare(a.receivedNanos(), b.receivedNanos()));
    return copy;
  }

  /** The calls of one method, in arrival order. */
  public List<Call> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Forgets the recorded calls (not the scripted failures, updates or webhook). */
  public synchronized void clearCalls() {
    calls.clear();
  }

  /**
   * Completes with the first {@code n} calls of {@code method} once they arrived (the answer may
   * still be on its way), or fails after {@code within} naming what did arrive.
   */
  public Future<List<Call>> awaitCalls(String method, int n, Duration within) {
    Promise<List<Call>> done = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    vertx.setPeriodic(0, 10, id -> {
      List<Call> seen = calls(method);
      if (seen.size() >= n) {
        vertx.cancelTimer(id);
        done.tryComplete(seen.subList(0, n));
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("expected " + n + " calls of " + method + " within " + within + ", got " + seen.size());
      }
    });
    return done.future();
  }

  /**
   * The next {@code times} calls of {@code method} (to {@code chatId}, or to any chat when null)
   * answer {@code errorCode} with Telegram's error body; {@link #NETWORK_ERROR} closes the
   * connection without an answer instead.
   */
  public void failNext(String method, String chatId, int times, int errorCode) {
    failNext(method, chatId, times, errorCode, 0);
  }

  /** As {@link #failNext(String, String, int, int)}, with {@code parameters.retry_after} (for 429). */
  public synchronized void failNext(String method, String chatId, int times, int errorCode, int retryAfterSeconds) {
    for (int i = 0; i < times; i++) {
      failures.add(new Failure(method, chatId, errorCode, retryAfterSeconds));
    }
  }

  /**
   * Records calls but keeps their answers back until {@link #releaseAnswers()}, so calls stay in
   * flight as long as a test needs (e.g. to fill a client's queue deterministically).
   */
  public synchronized void holdAnswers() {
    holding = true;
  }

  /** Sends the answers kept back by {@link #holdAnswers()} and answers at once again. */
  public void releaseAnswers() {
    List<Runnable> answers;
    synchronized (this) {
      holding = false;
      answers = new ArrayList<>(held);
      held.clear();
    }
    answers.forEach(Runnable::run);
  }

  /**
   * Queues an update for {@code getUpdates} and answers waiting long polls. An update without
   * {@code update_id} gets the next one. Returns its {@code update_id}.
   */
  public long pushUpdate(JsonObject update) {
    List<Poll> waiting;
    long id;
    synchronized (this) {
      JsonObject copy = update.copy();
      if (!copy.containsKey("update_id")) {
        copy.put("update_id", nextUpdateId);
      }
      id = copy.getLong("update_id");
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      updates.add(copy);
      waiting = new ArrayList<>(polls);
      polls.clear();
    }
    for (Poll poll : waiting) {
      vertx.cancelTimer(poll.timerId());
      answerPoll(poll.offset(), poll.limit(), poll.response());
    }
    return id;
  }

  /** The parameters of the last {@code setWebhook}, or null when none is set. */
  public synchronized JsonObject webhook() {
    return webhook == null ? null : webhook.copy();
  }

  /**
   * Posts an update to the registered webhook as Telegram does (JSON, secret header when one was
   * registered) and completes with the HTTP status the bot answered.
   */
  public Future<Integer> deliverToWebhook(JsonObject update) {
    JsonObject hook = webhook();
    if (hook == null) {
      return Future.failedFuture("no webhook is set");
    }
    synchronized (this) {
      if (webhookClient == null) {
        webhookClient = WebClient.create(vertx);
      }
    }
    var request = webhookClient.postAbs(hook.getString("url")).timeout(30_000);
    String secret = hook.getString("secret_token");
    if (secret != null && !secret.isEmpty()) {
      request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return request.sendJsonObject(update).map(r -> r.statusCode());
  }

  public Future<Void> close() {
    List<Poll> waiting;
    synchronized (this) {
      waiting = new ArrayList<>(polls);
      polls.clear();
      if (webhookClient != null) {
        webhookClient.close();
      }
    }
    waiting.forEach(p -> vertx.cancelTimer(p.timerId()));
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    long received = System.nanoTime();
    String[] parts = req.path().split("/");
    if (parts.length != 3 || !parts[1].startsWith("bot")) {
      req.response().setStatusCode(404).end(error(404, "Not Found").encode());
      return;
    }
    String token = parts[1].substring(3);
    String method = parts[2];
    JsonObject params = new JsonObject();
    req.params().forEach(e -> params.put(e.getKey(), e.getValue()));
    String type = String.valueOf(req.getHeader("Content-Type")).toLowerCase();
    if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
      req.setExpectMultipart(true);
      Buffer file = Buffer.buffer();
      String[] upload = new String[2];
      req.uploadHandler(u -> {
        upload[0] = u.name();
        upload[1] = u.filename();
        u.handler(file::appendBuffer);
      });
      req.end().onSuccess(v -> {
        MultiMap form = req.formAttributes();
        form.forEach(e -> params.put(e.getKey(), e.getValue()));
        Buffer bytes = upload[0] == null ? null : file;
        if (upload[0] != null) {
          params.put(upload[0], "attach://" + upload[1]);
        }
        answer(req, new Call(method, token, null, params, upload[0], upload[1], bytes, received, 0));
      });
    } else {
      req.body().onSuccess(body -> {
        if (body.length() > 0) {
          try {
            body.toJsonObject().forEach(e -> params.put(e.getKey(), e.getValue()));
          } catch (RuntimeException notJson) {
            req.response().setStatusCode(400).end(error(400, "Bad Request: body is not JSON").encode());
            return;
          }
        }
        answer(req, new Call(method, token, null, params, null, null, null, received, 0));
      });
    }
  }

  private void answer(HttpServerRequest req, Call parsed) {
    Object chat = parsed.params().getValue("chat_id");
    String chatId = chat == null ? null : String.valueOf(chat);
    JsonObject reply = reply(parsed.method(), parsed.token(), chatId, parsed.params(), parsed.file());
    int status = reply.getBoolean("ok") ? 200 : reply.getInteger("error_code");
    synchronized (this) {
      calls.add(new Call(parsed.method(), parsed.token(), chatId, parsed.params(), parsed.fileField(),
          parsed.fileName(), parsed.file(), parsed.receivedNanos(), status));
    }
    if (status == NETWORK_ERROR) {
      req.connection().close();
      return;
    }
    if (reply.containsKey("poll")) {
      poll(req, parsed.params());
      return;
    }
    Runnable send = () -> req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(reply.encode());
    synchronized (this) {
      if (holding) {
        held.add(send);
        return;
      }
    }
    send.run();
  }

  private synchronized JsonObject reply(String method, String token, String chatId, JsonObject p, Buffer file) {
    if (expectedToken != null && !expectedToken.equals(token)) {
      return error(401, "Unauthorized");
    }
    for (Iterator<Failure> it = failures.iterator(); it.hasNext(); ) {
      Failure f = it.next();
      if (f.method().equals(method) && (f.chatId() == null || f.chatId().equals(chatId))) {
        it.remove();
        return scripted(f);
      }
    }
    long now = System.currentTimeMillis() / 1000;
    switch (method) {
      case "sendMessage", "editMessageText" -> {
        String text = p.getString("text", "");
        if (chatId == null && !p.containsKey("inline_message_id")) {
          return error(400, "Bad Request: chat_id is empty");
        }
        if (text.isBlank()) {
          return error(400, "Bad Request: message text is empty");
        }
        boolean html = "HTML".equalsIgnoreCase(p.getString("parse_mode"));
        if ((html ? TelegramText.visibleLength(text) : text.length()) > TelegramClient.MAX_TEXT) {
          return error(400, "Bad Request: message is too long");
        }
        if (method.equals("sendMessage")) {
          return ok(message(chatId, nextMessageId++, now).put("text", visible(text, html)));
        }
        if (p.containsKey("inline_message_id")) {
          return ok(true);
        }
        long id = Long.parseLong(String.valueOf(p.getValue("message_id")));
        return ok(message(chatId, id, now).put("edit_date", now).put("text", visible(text, html)));
      }
      case "sendDocument" -> {
        if (chatId == null || file == null) {
          return error(400, "Bad Request: there is no document in the request");
        }
        JsonObject message = message(chatId, nextMessageId++, now).put("document", new JsonObject()
            .put("file_id", "doc" + nextMessageId).put("file_unique_id", "u" + nextMessageId)
            .put("file_name", p.getString("document", "").replace("attach://", "")).put("file_size", file.length()));
        return ok(p.containsKey("caption") ? message.put("caption", p.getValue("caption")) : message);
      }
      case "answerCallbackQuery", "sendChatAction", "setMyCommands", "deleteMessage" -> {
        return ok(true);
      }
      case "setWebhook" -> {
        webhook = p.copy();
        return ok(true);
      }
      case "deleteWebhook" -> {
        webhook = null;
        if ("true".equals(String.valueOf(p.getValue("drop_pending_updates")))) {
          updates.clear();
        }
        return ok(true);
      }
      case "getWebhookInfo" -> {
        return ok(new JsonObject().put("url", webhook == null ? "" : webhook.getString("url"))
            .put("has_custom_certificate", false).put("pending_update_count", updates.size()));
      }
      case "getMe" -> {
        return ok(new JsonObject().put("id", 1_000_001L).put("is_bot", true)
            .put("first_name", "marketgate test").put("username", "marketgate_test_bot"));
      }
      case "getUpdates" -> {
        if (webhook != null) {
          return error(409, "Conflict: can't use getUpdates method while webhook is active; "
              + "use deleteWebhook to delete the webhook first");
        }
        return new JsonObject().put("ok", true).put("poll", true);
      }
      default -> {
        return error(404, "Not Found");
      }
    }
  }

  private void poll(HttpServerRequest req, JsonObject p) {
    long offset = number(p.getValue("offset"), 0);
    int limit = (int) Math.max(1, Math.min(100, number(p.getValue("limit"), 100)));
    long timeout = number(p.getValue("timeout"), 0);
    synchronized (this) {
      // Telegram: an update is confirmed once getUpdates is called with a greater offset.
      updates.removeIf(u -> u.getLong("update_id") < offset);
      if (!updates.isEmpty() || timeout <= 0) {
        answerPoll(offset, limit, req.response());
        return;
      }
      long[] timer = new long[1];
      Poll poll = new Poll(offset, limit, req.response(), vertx.setTimer(timeout * 1000, id -> {
        boolean mine;
        synchronized (this) {
          mine = polls.removeIf(q -> q.timerId() == timer[0]);
        }
        if (mine) {
          answerPoll(offset, limit, req.response());
        }
      }));
      timer[0] = poll.timerId();
      polls.add(poll);
    }
  }

  private void answerPoll(long offset, int limit, HttpServerResponse response) {
    JsonArray result = new JsonArray();
    synchronized (this) {
      updates.stream().filter(u -> u.getLong("update_id") >= offset).limit(limit).forEach(u -> result.add(u.copy()));
    }
    response.putHeader("Content-Type", "application/json").end(ok(result).encode());
  }

  private static long number(Object value, long otherwise) {
    return value == null ? otherwise : Long.parseLong(String.valueOf(value));
  }

  private static JsonObject message(String chatId, long messageId, long date) {
    String type = chatId.startsWith("-100") ? "supergroup" : chatId.startsWith("-") ? "group" : "private";
    Object id = chatId.matches("-?\\d+") ? (Object) Long.parseLong(chatId) : chatId;
    return new JsonObject().put("message_id", messageId).put("date", date)
        .put("chat", new JsonObject().put("id", id).put("type", type));
  }

  /** The text as Telegram returns it: without HTML tags, entities decoded. */
  private static String visible(String text, boolean html) {
    if (!html) {
      return text;
    }
    String plain = text.replaceAll("<[^>]*>", "");
    for (Map.Entry<String, String> e : Map.of("&lt;", "<", "&gt;", ">", "&quot;", "\"").entrySet()) {
      plain = plain.replace(e.getKey(), e.getValue());
    }
    return plain.replace("&amp;", "&");
  }

  private static JsonObject scripted(Failure f) {
    JsonObject error = error(f.errorCode(), switch (f.errorCode()) {
      case 429 -> "Too Many Requests: retry after " + f.retryAfterSeconds();
      case 400 -> "Bad Request: scripted failure";
      case 403 -> "Forbidden: bot was blocked by the user";
      default -> f.errorCode() >= 500 ? "Internal Server Error" : "scripted failure";
    });
    if (f.retryAfterSeconds() > 0) {
      error.put("parameters", new JsonObject().put("retry_after", f.retryAfterSeconds()));
    }
    return error;
  }

  private static JsonObject ok(Object result) {
    return new JsonObject().put("ok", true).put("result", result);
  }

  private static JsonObject error(int code, String description) {
    return new JsonObject().put("ok", false).put("error_code", code).put("description", description);
  }
}
