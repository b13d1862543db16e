package marketgate.gateway.mirror;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import marketgate.gateway.HttpErrors;
import marketgate.shared.store.DataStore;
import marketgate.shared.store.InvalidPathException;

/**
 * Checks the request path as the client sent it, before Vert.x normalises it: a router that only
 * sees {@code /etc/passwd} after {@code /data/../etc/passwd} was folded cannot tell it was an
 * attack. Traversal, encoded separators, double encoding, NUL and backslashes are 400s.
 */
public final class RawPathGuard implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String raw = ctx.request().path();
    String problem = problem(raw);
    if (problem != null) {
      HttpErrors.send(ctx, 400, "invalid path", problem);
    } else if (isTemp(decode(raw))) {
      HttpErrors.send(ctx, 404, "not found", "no such file");
    } else {
      ctx.next();
    }
  }

  /**
   * Whether a decoded path names a temp file or folder of the data store ({@code .tmp-...}: a file
   * being written, a batch being staged, pruned batches kept for reuse): those are never served,
   * as if they did not exist.
   */
  static boolean isTemp(String decoded) {
    return decoded.contains("/" + DataStore.TEMP_PREFIX);
  }

  /** Why a raw path is refused, or null when it is acceptable. */
  public static String problem(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      return "the path must be absolute, starting with '/'";
    }
    if (isPlainSafe(raw)) {
      return null;
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c")) {
      return "encoded path separators are not allowed";
    }
    if (lower.contains("%25")) {
      return "double percent-encoding is not allowed";
    }
    if (raw.length() > 1 && raw.contains("//")) {
      return "empty path segments are not allowed";
    }
    String decoded;
    try {
      decoded = decode(raw);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (decoded.equals("/")) {
      return null;
    }
    String relative = decoded.endsWith("/") ? decoded.substring(1, decoded.length() - 1) : decoded.substring(1);
    try {
      DataStore.normalize(relative);
      return null;
    } catch (InvalidPathException e) {
      return e.getMessage();
    }
  }

  /**
   * The common case in one pass without allocating: no percent-encoding, no control characters or
   * backslashes, no empty, "." or ".." segments. Anything else takes the full check below.
   */
  static boolean isPlainSafe(String raw) {
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '%' || c == '\\') {
        return false;
      }
      if (c == '/' && i + 1 < n) {
        char next = raw.charAt(i + 1);
        if (next == '/') {
          return false;
        }
        if (next == '.') {
          if (raw.startsWith(DataStore.TEMP_PREFIX, i + 1)) {
            return false; // the full check, which refuses temp paths
          }
          int after = i + 2;
          if (after == n || raw.charAt(after) == '/'
              || raw.charAt(after) == '.' && (after + 1 == n || raw.charAt(after + 1) == '/')) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The mirrored file's relative path ({@code data/...}), decoded; call only after {@link #problem}. */
  public static String relative(String raw) {
    return decode(raw).substring(1);
  }

  /** Percent-decoding of a path (no '+' rule: that is for query strings). */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("truncated percent-encoding");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("malformed percent-encoding");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
