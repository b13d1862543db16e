package marketgate.gateway.mirror;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

/**
 * The GitHub contents API ({@code GET /repos/{o}/{r}/contents/{path}?ref=...}) asked for the raw
 * bytes: the fallback when the raw host is down or rate-limits anonymous readers.
 */
public final class GithubApiLayer extends HttpUpstreamLayer {
  private final String contentsUrl;
  private final String token;

  /**
   * @param contentsUrl e.g. {@code https://api.github.com/repos/o/r/contents?ref=main}
   * @param token a GitHub token or null for anonymous access
   */
  public GithubApiLayer(WebClient client, FreshnessPolicy freshness, long timeoutMillis, String contentsUrl, String token) {
    super(client, freshness, timeoutMillis);
    this.contentsUrl = contentsUrl;
    this.token = token;
  }

  @Override
  public String name() {
    return "github-api";
  }

  @Override
  String url(String path) {
    return joinUrl(contentsUrl, path);
  }

  @Override
  void decorate(HttpRequest<Buffer> request) {
    request.putHeader("accept", "application/vnd.github.raw");
    request.putHeader("x-github-api-version", "2022-11-28");
    if (token != null) {
      request.putHeader("authorization", "Bearer " + token);
    }
  }
}
