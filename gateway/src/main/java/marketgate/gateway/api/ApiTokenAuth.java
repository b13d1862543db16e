package marketgate.gateway.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import marketgate.gateway.HttpErrors;
import marketgate.shared.config.Secrets;

/**
 * Bearer-token check for the API's POST routes. With {@code MARKETGATE_API_TOKEN} set, a request
 * needs {@code Authorization: Bearer <token>} (compared in constant time) or gets a 401. Without
 * it the API is open, as a laptop's {@code marketgate run} should be; the gateway logs that once.
 * The {@link #required} mode (the jobs API, which deploys code on the system) is never open: with
 * no token configured it refuses every call with 403 and says how to switch it on.
 *
 * <p>It answers synchronously and is a {@link PlatformHandler} because Vert.x Web only lets
 * platform handlers run before a {@code BodyHandler}: placed first, it rejects a request before its
 * body is read.
 */
public final class ApiTokenAuth implements PlatformHandler {
  private static final String BEARER = "Bearer ";

  private final Secrets secrets;
  private final boolean required;

  public ApiTokenAuth(Secrets secrets) {
    this(secrets, false);
  }

  private ApiTokenAuth(Secrets secrets, boolean required) {
    this.secrets = secrets;
    this.required = required;
  }

  /** The check of routes that must never be open: no configured token means no access at all. */
  public static ApiTokenAuth required(Secrets secrets) {
    return new ApiTokenAuth(secrets, true);
  }

  public boolean enabled() {
    return secrets.has(Secrets.API_TOKEN);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled()) {
      if (required) {
        HttpErrors.send(ctx, 403, "forbidden", "this API is off because no token is configured: set "
            + Secrets.API_TOKEN + " in the gateway's environment and send Authorization: Bearer <token>");
      } else {
        ctx.next();
      }
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? header.substring(BEARER.length()).trim() : null;
    if (secrets.matches(Secrets.API_TOKEN, presented)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    HttpErrors.send(ctx, 401, "unauthorized",
        header == null ? "send Authorization: Bearer <MARKETGATE_API_TOKEN>" : "the bearer token is not valid");
  }
}
