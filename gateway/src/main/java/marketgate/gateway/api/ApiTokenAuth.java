package marketgate.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import marketgate.gateway.HttpErrors;
import marketgate.shared.config.Secrets;

/**
 * Bearer-token check for the API's POST routes. With {@code MARKETGATE_API_TOKEN} set, a request
 * needs {@code Authorization: Bearer <token>} (compared in constant time) or gets a 401. Without
 * it the API is open, as a laptop's {@code marketgate run} should be; the gateway logs that once.
 */
public final class ApiTokenAuth implements Handler<RoutingContext> {
  private static final String BEARER = "Bearer ";

  private final Secrets secrets;

  public ApiTokenAuth(Secrets secrets) {
    this.secrets = secrets;
  }

  public boolean enabled() {
    return secrets.has(Secrets.API_TOKEN);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled()) {
      ctx.next();
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
