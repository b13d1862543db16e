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
    send(response, status, error, detail, new JsonObject());
  }

  /** An error with more fields a client can act on, e.g. the id of the job a 409 conflicts with. */
  public static void send(RoutingContext ctx, int status, String error, String detail, JsonObject extra) {
    send(ctx.response(), status, error, detail, extra);
  }

  private static void send(HttpServerResponse response, int status, String error, String detail, JsonObject extra) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(new JsonObject().put("error", error).put("detail", detail).mergeIn(extra).encode());
  }
}
