package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Drive v3 that speaks just enough HTTP on 127.0.0.1 for the client and the sync: folders,
 * files with content and md5, changes in pages, media download (optionally failing first), and
 * watch/stop. Every request is recorded.
 */
final class FakeDrive {
  record Node(String id, String name, String parent, boolean folder, byte[] content, String md5) {}

  final Map<String, Node> nodes = new LinkedHashMap<>();
  final Map<String, JsonObject> changePages = new ConcurrentHashMap<>();
  java.security.PublicKey serviceAccountKey;
  final List<JsonObject> jwtClaims = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
  final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
  final List<JsonObject> watches = new CopyOnWriteArrayList<>();
  final List<JsonObject> stops = new CopyOnWriteArrayList<>();
  int filesPageSize = 2;
  /** When set, the expiration Drive grants a channel, whatever was asked. */
  volatile String grantedExpiration;
  String requiredKey = "test-key";
  private HttpServer server;

  Future<String> start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> handle(req, body)));
    return server.listen(0, "127.0.0.1").map(s -> "http://127.0.0.1:" + s.actualPort() + "/drive/v3");
  }

  void folder(String id, String name, String parent) {
    nodes.put(id, new Node(id, name, parent, true, null, null));
  }

  void file(String id, String name, String parent, byte[] content) {
    nodes.put(id, new Node(id, name, parent, false, content, BatchDownloader.md5(Buffer.buffer(content))));
  }

  void fileWithMd5(String id, String name, String parent, byte[] content, String md5) {
    nodes.put(id, new Node(id, name, parent, false, content, md5));
  }

  static JsonObject json(Node n) {
    JsonObject o = new JsonObject().put("id", n.id()).put("name", n.name())
        .put("mimeType", n.folder() ? DriveFile.FOLDER : "application/json")
        .put("parents", new JsonArray().add(n.parent()));
    if (n.md5() != null) {
      o.put("md5Checksum", n.md5());
    }
    return o;
  }

  private void handle(HttpServerRequest req, Buffer body) {
    requests.add(req);
    if (req.path().equals("/token")) {
      token(req, body);
      return;
    }
    if (requiredKey != null && !requiredKey.equals(req.getParam("key"))
        && !"Bearer token-1".equals(req.getHeader("Authorization"))) {
      req.response().setStatusCode(401).end("{\"error\":{\"code\":401}}");
      return;
    }
    String path = req.path().substring("/drive/v3".length());
    if (path.equals("/changes/startPageToken")) {
      ok(req, new JsonObject().put("startPageToken", "100"));
    } else if (path.equals("/changes")) {
      JsonObject page = changePages.get(req.getParam("pageToken"));
      if (page == null) {
        req.response().setStatusCode(404).end();
      } else {
        ok(req, page);
      }
    } else if (path.equals("/files")) {
      listFiles(req);
    } else if (path.startsWith("/files/") && "media".equals(req.getParam("alt"))) {
      String id = path.substring("/files/".length());
      downloads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger failures = failFirst.get(id);
      if (failures != null && failures.getAndDecrement() > 0) {
        req.response().setStatusCode(503).end();
        return;
      }
      Node n = nodes.get(id);
      if (n == null) {
        req.response().setStatusCode(404).end();
      } else {
        req.response().end(Buffer.buffer(n.content()));
      }
    } else if (path.equals("/changes/watch")) {
      JsonObject w = body.toJsonObject().put("pageToken", req.getParam("pageToken"));
      watches.add(w);
      ok(req, new JsonObject().put("kind", "api#channel").put("id", w.getString("id"))
          .put("resourceId", "res-" + watches.size())
          .put("expiration", grantedExpiration != null ? grantedExpiration : w.getString("expiration")));
    } else if (path.equals("/channels/stop")) {
      stops.add(body.toJsonObject());
      req.response().setStatusCode(204).end();
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  /** {@code q='<parent>' in parents and trashed = false}, paged by {@link #filesPageSize}. */
  private void listFiles(HttpServerRequest req) {
    String q = req.getParam("q");
    String parent = q.substring(1, q.indexOf('\'', 1));
    List<Node> children = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (parent.equals(n.parent())) {
        children.add(n);
      }
    }
    int from = req.getParam("pageToken") == null ? 0 : Integer.parseInt(req.getParam("pageToken"));
    JsonArray files = new JsonArray();
    for (int i = from; i < Math.min(children.size(), from + filesPageSize); i++) {
      files.add(json(children.get(i)));
    }
    JsonObject answer = new JsonObject().put("files", files);
    if (from + filesPageSize < children.size()) {
      answer.put("nextPageToken", Integer.toString(from + filesPageSize));
    }
    ok(req, answer);
  }

  /** The OAuth JWT-bearer exchange: the assertion must verify with the service account's key. */
  private void token(HttpServerRequest req, Buffer body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.toString().split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    String[] jwt = form.getOrDefault("assertion", "..").split("\\.");
    try {
      java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
      rsa.initVerify(serviceAccountKey);
      rsa.update((jwt[0] + "." + jwt[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      boolean valid = "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
          && rsa.verify(java.util.Base64.getUrlDecoder().decode(jwt[2]));
      if (!valid) {
        req.response().setStatusCode(400).end("{\"error\":\"invalid_grant\"}");
        return;
      }
      jwtClaims.add(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(jwt[1]),
          java.nio.charset.StandardCharsets.UTF_8)));
      ok(req, new JsonObject().put("access_token", "token-1").put("expires_in", 3600).put("token_type", "Bearer"));
    } catch (Exception e) {
      req.response().setStatusCode(400).end("{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  private static void ok(HttpServerRequest req, JsonObject body) {
    req.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
