package marketgate.gateway;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every error answer of the gateway: JSON {@code {"error", "detail"}} a person can act on. */
public final class HttpErrors {
  private HttpErrors() {}

  public static void send(RoutingContext ctx, int status, String error, String detail) {
    send(ctx.response(), status, error, detail);
  }

  public static void send(HttpServerResponse response, int status, String error, String detail) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(new JsonObject().put("error", error).put("detail", detail).encode());
  }
}
