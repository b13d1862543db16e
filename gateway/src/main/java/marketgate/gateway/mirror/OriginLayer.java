package marketgate.gateway.mirror;

import io.vertx.ext.web.client.WebClient;

/** A raw HTTP base URL of the data repository, e.g. {@code https://raw.githubusercontent.com/o/r/main}. */
public final class OriginLayer extends HttpUpstreamLayer {
  private final String baseUrl;

  public OriginLayer(WebClient client, FreshnessPolicy freshness, long timeoutMillis, String baseUrl) {
    super(client, freshness, timeoutMillis);
    this.baseUrl = baseUrl;
  }

  @Override
  public String name() {
    return "origin";
  }

  @Override
  String url(String path) {
    return joinUrl(baseUrl, path);
  }
}
