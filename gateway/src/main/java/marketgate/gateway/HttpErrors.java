package marketgate.gateway;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every error answer of the gateway: JSON {@code {"error", "detail"}} a person can act on. */
public final class HttpErrors {
  private HttpErrors() {}

  public static void send(RoutingContext ctx, int status, String error, String detail) {
    send(ctx.response(), status, error, detail);
  }

  /**
   * A request Vert.x refused before routing (request line or head too long, malformed): the same JSON
   * as every other error, then the connection is closed, as its framing cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String error;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error = "uri too long";
      detail = "the request line is longer than the server accepts (http.maxInitialLineLength)";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error = "headers too large";
      detail = "the request headers are larger than the server accepts (http.maxHeaderSize)";
    } else {
      status = 400;
      error = "bad request";
      detail = "the request could not be parsed as HTTP";
    }
    HttpServerResponse response = request.response();
    response.putHeader("connection", "close");
    send(response, status, error, detail);
    request.connection().close();
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
