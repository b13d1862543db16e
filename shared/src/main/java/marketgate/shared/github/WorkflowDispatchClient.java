package marketgate.shared.github;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;

/**
 * GitHub's {@code workflow_dispatch} REST call ({@code POST
 * /repos/{owner}/{repo}/actions/workflows/{file}/dispatches}, answered 204). A refusal fails the
 * future with a {@link WorkflowDispatchException} carrying GitHub's status and message, so the caller
 * can tell a person what to fix. The token goes only into the Authorization header.
 */
public final class WorkflowDispatchClient {
  private final WebClient client;
  private final String apiUrl;
  private final String token;

  /** @param token a GitHub token with {@code actions: write}, or null (GitHub will answer 401) */
  public WorkflowDispatchClient(WebClient client, String apiUrl, String token) {
    this.client = client;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.token = token;
  }

  /**
   * @param repository {@code owner/name}
   * @param file the workflow file name ({@code scan.yml}) or its numeric id
   */
  public Future<Void> dispatch(String repository, String file, String ref, Map<String, String> inputs) {
    if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      return Future.failedFuture(new WorkflowDispatchException(404, "repository '" + repository
          + "' is not owner/name"));
    }
    JsonObject body = new JsonObject().put("ref", ref).put("inputs", new JsonObject(Map.copyOf(inputs)));
    var request = client.postAbs(apiUrl + "/repos/" + repository + "/actions/workflows/" + file + "/dispatches")
        .timeout(15_000)
        .putHeader("Accept", "application/vnd.github+json")
        .putHeader("X-GitHub-Api-Version", "2022-11-28")
        .putHeader("User-Agent", "marketgate");
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request.sendJsonObject(body).compose(WorkflowDispatchClient::outcome);
  }

  private static Future<Void> outcome(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 == 2) {
      return Future.succeededFuture();
    }
    String message;
    try {
      message = response.bodyAsJsonObject().getString("message", "no message");
    } catch (RuntimeException notJson) {
      message = "no message";
    }
    return Future.failedFuture(new WorkflowDispatchException(response.statusCode(), message));
  }
}
