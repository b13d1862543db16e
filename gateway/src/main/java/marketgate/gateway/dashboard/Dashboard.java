package marketgate.gateway.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web app at {@code GET /}: static files from the jar ({@code marketgate/gateway/dashboard/},
 * with the chart library the build bundled under {@code vendor/}). The page itself is never cached,
 * so a new jar's app is picked up at once; its scripts are revalidated after a few minutes, the
 * pinned vendor library after a day.
 */
public final class Dashboard {
  static final String ROOT = "marketgate/gateway/dashboard";
  private final Buffer index;

  public Dashboard() {
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(ROOT + "/index.html")) {
      if (in == null) {
        throw new IllegalStateException(ROOT + "/index.html is missing from the jar");
      }
      index = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void index(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-content-type-options", "nosniff")
        .end(index);
  }

  /** The app's scripts and styles, served from /dashboard/*. */
  public static StaticHandler assets() {
    return StaticHandler.create(ROOT).setDirectoryListing(false).setMaxAgeSeconds(300).setIncludeHidden(false);
  }

  /** The bundled third-party library, from /dashboard/vendor/*. */
  public static StaticHandler vendor() {
    return StaticHandler.create(ROOT + "/vendor").setDirectoryListing(false).setMaxAgeSeconds(86_400);
  }
}
