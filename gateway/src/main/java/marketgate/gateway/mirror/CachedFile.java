package marketgate.gateway.mirror;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One copy of a mirrored file as a layer holds it. The body is a heap buffer any reader may keep; a
 * copy the memory layer holds also gets a {@link WireCopy} that responses write from (direct memory
 * or a sendfile twin), freed as soon as the layer lets it go. The header values are computed once,
 * so serving it from memory allocates nothing per request but the two time-dependent headers (and
 * those only once a second).
 *
 * @param fetchedAtMillis when this copy was last confirmed current by its source
 * @param wire the bytes as responses write them, shared by every copy with this body
 */
public record CachedFile(
    String path,
    Buffer body,
    String etag,
    long lastModifiedMillis,
    long fetchedAtMillis,
    long freshnessMillis,
    String source,
    Headers headers,
    WireCopy wire) {

  /** Precomputed header values: Netty writes an AsciiString without re-encoding it. */
  public record Headers(CharSequence contentType, CharSequence etag, CharSequence lastModified,
      CharSequence source, TimeHeaders time) {}

  /** Age and Cache-Control change once a second; recomputed at most that often. */
  public static final class TimeHeaders {
    private volatile Snapshot last = new Snapshot(-1, null, null);

    record Snapshot(long second, CharSequence age, CharSequence cacheControl) {}

    Snapshot at(long nowMillis, long fetchedAtMillis, long freshnessMillis) {
      long second = nowMillis / 1000;
      Snapshot s = last;
      if (s.second != second) {
        long age = Math.max(0, (nowMillis - fetchedAtMillis) / 1000);
        long remaining = Math.max(0, (fetchedAtMillis + freshnessMillis - nowMillis) / 1000);
        s = new Snapshot(second, HttpHeaders.createOptimized(Long.toString(age)),
            HttpHeaders.createOptimized("public, max-age=" + remaining));
        last = s;
      }
      return s;
    }
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  /** A new copy from raw bytes; the ETag is the upstream's or a hash of the bytes. */
  public static CachedFile of(String path, byte[] bytes, String etag, long lastModifiedMillis,
      long nowMillis, long freshnessMillis, String source) {
    return of(path, heap(bytes), etag == null || etag.isBlank() ? hashEtag(bytes) : strong(etag),
        lastModifiedMillis, nowMillis, freshnessMillis, source);
  }

  static CachedFile of(String path, Buffer body, String etag, long lastModifiedMillis,
      long nowMillis, long freshnessMillis, String source) {
    return of(path, body, etag, lastModifiedMillis, nowMillis, freshnessMillis, source, new WireCopy());
  }

  private static CachedFile of(String path, Buffer body, String etag, long lastModifiedMillis,
      long nowMillis, long freshnessMillis, String source, WireCopy wire) {
    long lm = lastModifiedMillis > 0 ? lastModifiedMillis : nowMillis;
    Headers headers = new Headers(
        HttpHeaders.createOptimized(ContentTypes.of(path)),
        HttpHeaders.createOptimized(etag),
        HttpHeaders.createOptimized(HTTP_DATE.format(Instant.ofEpochMilli(lm))),
        HttpHeaders.createOptimized(source),
        new TimeHeaders());
    return new CachedFile(path, body, etag, lm, nowMillis, freshnessMillis, source, headers, wire);
  }

  /** The same bytes confirmed current again (a 304, a push) by {@code source}. */
  public CachedFile refreshed(long nowMillis, long freshness, String newSource) {
    return of(path, body, etag, lastModifiedMillis, nowMillis, freshness, newSource, wire);
  }

  /** The same copy as served by another layer (disk -> memory keeps its age). */
  public CachedFile servedBy(String newSource) {
    return of(path, body, etag, lastModifiedMillis, fetchedAtMillis, freshnessMillis, newSource, wire);
  }

  public boolean freshAt(long nowMillis) {
    return nowMillis - fetchedAtMillis < freshnessMillis;
  }

  public int size() {
    return body.length();
  }

  TimeHeaders.Snapshot timeHeaders(long nowMillis) {
    return headers.time.at(nowMillis, fetchedAtMillis, freshnessMillis);
  }

  /** Wraps the bytes without copying them (Buffer.buffer(byte[]) would copy a 37 MB body once more). */
  static Buffer heap(byte[] bytes) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
  }

  static String hashEtag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Upstream ETags may be weak ({@code W/"..."}) or bare; ours are always strong and quoted. */
  static String strong(String etag) {
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.startsWith("\"") ? e : "\"" + e + "\"";
  }
}
