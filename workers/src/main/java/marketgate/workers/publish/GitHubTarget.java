package marketgate.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import marketgate.shared.config.PublishConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub through the Git Data API: one commit per publish, however many files. Per attempt:
 * {@code GET git/ref/heads/<b>} (parent), {@code GET git/commits/<parent>} (its tree), {@code POST
 * git/blobs} per file (base64: our files are gzip), {@code POST git/trees} with {@code base_tree},
 * {@code POST git/commits} with the parent, {@code PATCH git/refs/heads/<b>}. A 409 or 422 on the
 * ref update means the branch moved under us: start again from the new head (up to
 * {@code publish.git.pushRetries} times). 403/429 rate limits are waited out as GitHub asks
 * ({@code retry-after}, or {@code x-ratelimit-reset} when {@code x-ratelimit-remaining} is 0).
 */
public final class GitHubTarget implements PublishTarget {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubTarget.class);
  private static final int RATE_LIMIT_RETRIES = 3;
  private static final long MAX_WAIT_MILLIS = 120_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String base;
  private final String branch;
  private final String token;
  private final int retries;

  public GitHubTarget(Vertx vertx, PublishConfig.GitHub config, String token, int retries) {
    if (config.repository() == null || !config.repository().matches("[\\w.-]+/[\\w.-]+")) {
      throw new IllegalArgumentException("publish.github.repository must be owner/name, got '"
          + config.repository() + "'");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the github target needs GITHUB_TOKEN in the environment");
    }
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.base = config.apiUrl().replaceAll("/+$", "") + "/repos/" + config.repository() + "/git/";
    this.branch = config.branch();
    this.token = token;
    this.retries = retries;
  }

  @Override
  public String name() {
    return "github";
  }

  @Override
  public Future<Void> publish(List<PublishedFile> files, String message) {
    return attempt(files, message, 0);
  }

  private Future<Void> attempt(List<PublishedFile> files, String message, int attempt) {
    return call(HttpMethod.GET, "ref/heads/" + branch, null).compose(ref -> {
      if (ref.statusCode() == 404 || ref.statusCode() == 409) {
        // Empty repository or no such branch yet: a root commit, then create the ref.
        return commit(files, message, null, null)
            .compose(sha -> expect(call(HttpMethod.POST, "refs",
                new JsonObject().put("ref", "refs/heads/" + branch).put("sha", sha)), 201).<Void>mapEmpty());
      }
      String parent = ok(ref, 200).getJsonObject("object").getString("sha");
      return expectJson(call(HttpMethod.GET, "commits/" + parent, null), 200)
          .compose(parentCommit -> commit(files, message, parent, parentCommit.getJsonObject("tree").getString("sha")))
          .compose(sha -> call(HttpMethod.PATCH, "refs/heads/" + branch,
              new JsonObject().put("sha", sha).put("force", false)))
          .compose(update -> {
            if ((update.statusCode() == 422 || update.statusCode() == 409) && attempt < retries) {
              LOG.info("GitHub ref update rejected ({}): the branch moved, retrying", update.statusCode());
              return attempt(files, message, attempt + 1);
            }
            ok(update, 200);
            return Future.succeededFuture();
          });
    });
  }

  /** Uploads the blobs, the tree and the commit; returns the commit's sha. */
  private Future<String> commit(List<PublishedFile> files, String message, String parent, String baseTree) {
    List<Future<JsonObject>> blobs = new ArrayList<>();
    for (PublishedFile file : files) {
      JsonObject blob = new JsonObject()
          .put("content", Base64.getEncoder().encodeToString(file.bytes()))
          .put("encoding", "base64");
      blobs.add(expectJson(call(HttpMethod.POST, "blobs", blob), 201));
    }
    return Future.all(blobs).compose(all -> {
      JsonArray entries = new JsonArray();
      for (int i = 0; i < files.size(); i++) {
        entries.add(new JsonObject().put("path", files.get(i).path()).put("mode", "100644").put("type", "blob")
            .put("sha", blobs.get(i).result().getString("sha")));
      }
      JsonObject tree = new JsonObject().put("tree", entries);
      if (baseTree != null) {
        tree.put("base_tree", baseTree);
      }
      return expectJson(call(HttpMethod.POST, "trees", tree), 201);
    }).compose(tree -> expectJson(call(HttpMethod.POST, "commits", new JsonObject()
        .put("message", message)
        .put("tree", tree.getString("sha"))
        .put("parents", parent == null ? new JsonArray() : new JsonArray().add(parent))), 201))
        .map(commit -> commit.getString("sha"));
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
    return call(method, path, body, 0);
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body, int rateLimited) {
    HttpRequest<Buffer> request = client.requestAbs(method, base + path)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("Accept", "application/vnd.github+json")
        .putHeader("X-GitHub-Api-Version", "2022-11-28")
        .putHeader("User-Agent", "marketgate");
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.compose(response -> {
      long wait = rateLimitWaitMillis(response);
      if (wait < 0 || rateLimited >= RATE_LIMIT_RETRIES) {
        return Future.succeededFuture(response);
      }
      LOG.warn("GitHub rate limit on {} {}: waiting {} ms", method, path, wait);
      Promise<Void> waited = Promise.promise();
      vertx.setTimer(Math.max(1, wait), id -> waited.complete());
      return waited.future().compose(v -> call(method, path, body, rateLimited + 1));
    });
  }

  /** How long GitHub asks us to wait, or -1 when the response is not a rate limit. */
  static long rateLimitWaitMillis(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status != 403 && status != 429) {
      return -1;
    }
    String retryAfter = response.getHeader("retry-after");
    if (retryAfter != null && retryAfter.matches("\\d+")) {
      return Math.min(MAX_WAIT_MILLIS, Long.parseLong(retryAfter) * 1000);
    }
    String reset = response.getHeader("x-ratelimit-reset");
    if ("0".equals(response.getHeader("x-ratelimit-remaining")) && reset != null && reset.matches("\\d+")) {
      return Math.min(MAX_WAIT_MILLIS, Math.max(0, Long.parseLong(reset) * 1000 - System.currentTimeMillis()));
    }
    // A 403 without rate-limit headers is a permission problem: do not wait.
    return status == 429 ? 60_000 : -1;
  }

  private static Future<HttpResponse<Buffer>> expect(Future<HttpResponse<Buffer>> response, int status) {
    return response.map(r -> {
      ok(r, status);
      return r;
    });
  }

  private static Future<JsonObject> expectJson(Future<HttpResponse<Buffer>> response, int status) {
    return response.map(r -> ok(r, status));
  }

  private static JsonObject ok(HttpResponse<Buffer> response, int status) {
    if (response.statusCode() != status) {
      String body = response.bodyAsString();
      throw new IllegalStateException("GitHub answered " + response.statusCode() + " (expected " + status + "): "
          + (body == null ? "" : body.substring(0, Math.min(300, body.length()))));
    }
    return response.bodyAsJsonObject();
  }
}
