package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.time.format.DateTimeFormatter;

/**
 * A remote copy reached over HTTP with a conditional GET: a 304 confirms the copy we hold, so an
 * unchanged 2 MB file costs a few hundred bytes of traffic.
 */
abstract class HttpUpstreamLayer implements MirrorLayer {
  private final WebClient client;
  private final FreshnessPolicy freshness;
  private final long timeoutMillis;

  HttpUpstreamLayer(WebClient client, FreshnessPolicy freshness, long timeoutMillis) {
    this.client = client;
    this.freshness = freshness;
    this.timeoutMillis = timeoutMillis;
  }

  /** The absolute URL of {@code path}, or null when this layer is not configured. */
  abstract String url(String path);

  /** Layer-specific headers (Accept, Authorization). */
  void decorate(HttpRequest<Buffer> request) {}

  @Override
  public boolean remote() {
    return true;
  }

  @Override
  public Future<CachedFile> fetch(String path, CachedFile previous) {
    String url = url(path);
    if (url == null) {
      return Future.succeededFuture();
    }
    HttpRequest<Buffer> request = client.getAbs(url).timeout(timeoutMillis).putHeader("user-agent", "marketgate-gateway");
    decorate(request);
    if (previous != null) {
      request.putHeader("if-none-match", previous.etag());
      request.putHeader("if-modified-since", previous.headers().lastModified().toString());
    }
    return request.send().compose(response -> {
      long now = System.currentTimeMillis();
      long fresh = freshness.millisFor(path);
      switch (response.statusCode()) {
        case 200: {
          Buffer body = response.body() == null ? Buffer.buffer() : response.body();
          return Future.succeededFuture(CachedFile.of(path, body.getBytes(), response.getHeader("etag"),
              httpDate(response.getHeader("last-modified")), now, fresh, name()));
        }
        case 304:
          return previous == null
              ? Future.failedFuture(new IllegalStateException(name() + " answered 304 to an unconditional GET"))
              : Future.succeededFuture(previous.refreshed(now, fresh, name()));
        case 404:
          return Future.succeededFuture();
        default:
          return Future.failedFuture(new IllegalStateException(name() + " answered " + response.statusCode()));
      }
    });
  }

  static String joinUrl(String base, String path) {
    if (base == null || base.isBlank()) {
      return null;
    }
    int query = base.indexOf('?');
    String head = query < 0 ? base : base.substring(0, query);
    String tail = query < 0 ? "" : base.substring(query);
    return (head.endsWith("/") ? head : head + "/") + encodePath(path) + tail;
  }

  /**
   * Percent-encodes a decoded path for a request line (RFC 3986 {@code pchar} and {@code /} kept):
   * non-ASCII bytes, spaces and the like must never reach the origin raw.
   */
  static String encodePath(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = null;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b < 0x80 && PATH_SAFE.get(b)) {
        if (out != null) {
          out.append((char) b);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(bytes.length * 3).append(path, 0, i);
        }
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      }
    }
    return out == null ? path : out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final BitSet PATH_SAFE = new BitSet(128);

  static {
    String safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";
    for (int i = 0; i < safe.length(); i++) {
      PATH_SAFE.set(safe.charAt(i));
    }
  }

  private static long httpDate(String value) {
    try {
      return value == null ? 0 : ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
