package marketgate.gateway.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * {@link ApiTokenAuth} placed before the body handler: a caller without the token is answered 401
 * before a byte of its body is buffered. Vert.x Web orders handlers by kind and puts authentication
 * after the body; a platform handler runs first, which is what an unauthenticated upload must meet.
 */
public final class TokenBeforeBody implements PlatformHandler {
  private final ApiTokenAuth auth;

  public TokenBeforeBody(ApiTokenAuth auth) {
    this.auth = auth;
  }

  @Override
  public void handle(RoutingContext ctx) {
    auth.handle(ctx);
  }
}
