package marketgate.workers.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import marketgate.shared.config.PublishConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a server on 127.0.0.1 that implements the Git Data API endpoints as GitHub documents
 * them (docs.github.com/en/rest/git), including a rate limit and a branch that moves under us.
 */
@ExtendWith(VertxExtension.class)
class GitHubTargetTest {
  private static final String PREFIX = "/repos/acme/data/git/";

  /** The fake repository: objects by sha, one branch. */
  private final Map<String, JsonObject> commits = new HashMap<>();
  private final Map<String, JsonObject> trees = new HashMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private String head;
  private int sha;
  private boolean rateLimitOnce = true;
  private boolean moveBranchOnce = true;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    trees.put("tree0", new JsonObject().put("tree", new JsonArray()));
    commits.put("c0", new JsonObject().put("tree", "tree0").put("parents", new JsonArray()).put("message", "init"));
    head = "c0";
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject json = body.length() == 0 ? null : body.toJsonObject();
      handle(req, json);
    }));
    port = server.listen(0, "127.0.0.1").await().actualPort();
  }

  private String nextSha(String kind) {
    return kind + (++sha);
  }

  private void handle(HttpServerRequest req, JsonObject body) {
    String path = req.path().substring(PREFIX.length());
    log.add(req.method() + " " + path);
    if (!"Bearer secret-token".equals(req.getHeader("Authorization"))) {
      reply(req, 401, new JsonObject().put("message", "Bad credentials"));
      return;
    }
    switch (req.method().name() + " " + path.replaceAll("/[^/]+$", "/*")) {
      case "GET ref/heads/*" -> reply(req, 200, new JsonObject().put("ref", "refs/heads/main")
          .put("object", new JsonObject().put("sha", head).put("type", "commit")));
      case "GET commits/*" -> {
        JsonObject commit = commits.get(path.substring("commits/".length()));
        reply(req, 200, new JsonObject().put("sha", path.substring(8))
            .put("tree", new JsonObject().put("sha", commit.getString("tree"))));
      }
      case "POST blobs" -> {
        if (rateLimitOnce) {
          rateLimitOnce = false;
          req.response().setStatusCode(429).putHeader("retry-after", "1").end("{\"message\":\"slow down\"}");
          return;
        }
        String id = nextSha("blob");
        blobs.put(id, Base64.getDecoder().decode(body.getString("content")));
        reply(req, 201, new JsonObject().put("sha", id));
      }
      case "POST trees" -> {
        String id = nextSha("tree");
        trees.put(id, body);
        reply(req, 201, new JsonObject().put("sha", id));
      }
      case "POST commits" -> {
        String id = nextSha("commit");
        commits.put(id, new JsonObject().put("tree", body.getString("tree")).put("parents", body.getJsonArray("parents"))
            .put("message", body.getString("message")));
        reply(req, 201, new JsonObject().put("sha", id));
      }
      case "PATCH refs/heads/*" -> {
        String sha = body.getString("sha");
        boolean fastForward = commits.get(sha).getJsonArray("parents").contains(head);
        if (moveBranchOnce) {
          // Someone else commits first: our commit is no longer a fast-forward.
          moveBranchOnce = false;
          commits.put("other", new JsonObject().put("tree", "tree0").put("parents", new JsonArray().add(head))
              .put("message", "someone else"));
          head = "other";
          fastForward = false;
        }
        if (!fastForward && !body.getBoolean("force", false)) {
          reply(req, 422, new JsonObject().put("message", "Update is not a fast forward"));
          return;
        }
        head = sha;
        reply(req, 200, new JsonObject().put("ref", "refs/heads/main").put("object", new JsonObject().put("sha", sha)));
      }
      default -> reply(req, 404, new JsonObject().put("message", "Not Found"));
    }
  }

  private static void reply(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  @Test
  void onePublishIsOneCommitOnTheMovedHeadWithBaseTreeAfterRateLimitAndRejectedRef(Vertx vertx,
      VertxTestContext ctx) {
    PublishConfig.GitHub config = new PublishConfig.GitHub("http://127.0.0.1:" + port, "acme/data", "main");
    GitHubTarget target = new GitHubTarget(vertx, config, "secret-token", 3);
    List<PublishedFile> files = List.of(
        PublishedFile.of("data/candles/latest.json.gz", new byte[] {31, -117, 8, 0, 1, 2, 3}, 1),
        PublishedFile.of("data/metadata.json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), 1));
    target.publish(files, "Publish candles 2026-11-20 09:25 IST").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      JsonObject commit = commits.get(head);
      assertEquals("Publish candles 2026-11-20 09:25 IST", commit.getString("message"));
      assertEquals(new JsonArray().add("other"), commit.getJsonArray("parents"),
          "after the 422 the commit is rebuilt on the branch's new head");
      JsonObject tree = trees.get(commit.getString("tree"));
      assertEquals("tree0", tree.getString("base_tree"), "the tree is based on the parent's tree");
      JsonArray entries = tree.getJsonArray("tree");
      assertEquals(2, entries.size(), "both files in the one commit");
      for (int i = 0; i < files.size(); i++) {
        JsonObject entry = entries.getJsonObject(i);
        assertEquals(files.get(i).path(), entry.getString("path"));
        assertEquals("100644", entry.getString("mode"));
        assertEquals("blob", entry.getString("type"));
        assertArrayEquals(files.get(i).bytes(), blobs.get(entry.getString("sha")));
      }
      assertEquals(2, log.stream().filter(l -> l.startsWith("PATCH")).count(), "one rejected, one accepted update");
      assertTrue(log.stream().filter(l -> l.equals("POST blobs")).count() >= 5, "the rate-limited blob was retried");
      ctx.completeNow();
    })));
  }

  @Test
  void aMissingTokenIsAClearError(Vertx vertx) {
    PublishConfig.GitHub config = new PublishConfig.GitHub("http://127.0.0.1:1", "acme/data", "main");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GitHubTarget(vertx, config, null, 3));
    assertTrue(e.getMessage().contains("GITHUB_TOKEN"));
  }
}
