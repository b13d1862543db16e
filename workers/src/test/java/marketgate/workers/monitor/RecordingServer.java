package marketgate.workers.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server on 127.0.0.1 that records JSON posts and answers like the Telegram Bot API
 * ({@code POST /bot<token>/sendMessage} -> {@code {"ok": true, "result": {...}}}) or a chat webhook
 * (204). Scripted answers (429 with {@code retry_after}, 500) are used first, then the default.
 */
final class RecordingServer {
  record Request(String path, JsonObject body) {}

  record Answer(int status, JsonObject body) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> scripted = new ConcurrentLinkedQueue<>();
  private volatile Answer fallback;
  private HttpServer server;

  static Future<RecordingServer> start(Vertx vertx) {
    RecordingServer r = new RecordingServer();
    r.fallback = null;
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject json;
      try {
        json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      } catch (RuntimeException e) {
        json = new JsonObject().put("unparsable", body.toString());
      }
      Answer answer = r.scripted.poll();
      if (answer == null) {
        answer = r.fallback;
      }
      if (answer == null) {
        boolean telegram = req.path().startsWith("/bot");
        answer = telegram ? ok(r.requests.size() + 1) : new Answer(204, null);
      }
      // Only what the server accepted counts as delivered.
      if (answer.status() / 100 == 2) {
        r.requests.add(new Request(req.path(), json));
      }
      req.response().setStatusCode(answer.status()).putHeader("content-type", "application/json")
          .end(answer.body() == null ? "" : answer.body().encode());
    })).listen(0, "127.0.0.1").map(s -> {
      r.server = s;
      return r;
    });
  }

  static Answer ok(int messageId) {
    return new Answer(200, new JsonObject().put("ok", true).put("result", new JsonObject().put("message_id", messageId)));
  }

  static Answer tooManyRequests(int retryAfterSeconds) {
    return new Answer(429, new JsonObject().put("ok", false).put("error_code", 429)
        .put("description", "Too Many Requests: retry after " + retryAfterSeconds)
        .put("parameters", new JsonObject().put("retry_after", retryAfterSeconds)));
  }

  static Answer serverError() {
    return new Answer(500, new JsonObject().put("error", "boom"));
  }

  /** Answer every request with this from now on (null: the protocol's success answer). */
  void answerAlways(Answer answer) {
    fallback = answer;
  }

  void script(Answer... answers) {
    scripted.addAll(List.of(answers));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Accepted requests, in order. */
  List<Request> accepted() {
    return List.copyOf(requests);
  }
}
