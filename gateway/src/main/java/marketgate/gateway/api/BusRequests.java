package marketgate.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Overloaded;

/**
 * A request on the bus answered as HTTP: the reply as JSON, a worker's failure code as the status
 * (400, 404 ...), 429 with {@code Retry-After} when the worker is too busy ({@link Overloaded}), and
 * 503 when no worker answers in time.
 */
final class BusRequests {
  private final Vertx vertx;
  private final DeliveryOptions options;
  private final long timeoutMillis;

  BusRequests(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** How long this side waits for a reply; a worker may stop working on a request after that. */
  long timeoutMillis() {
    return timeoutMillis;
  }

  void answer(RoutingContext ctx, String address, JsonObject request) {
    answer(ctx, address, request, java.util.function.Function.identity());
  }

  /** As {@link #answer(RoutingContext, String, JsonObject)}, with the reply reshaped for HTTP first. */
  void answer(RoutingContext ctx, String address, JsonObject request, java.util.function.Function<Object, Object> shape) {
    Future<Object> reply = vertx.eventBus().request(address, request, options).map(m -> shape.apply(m.body()));
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        send(ctx, ar.result());
      } else {
        fail(ctx, address, ar.cause());
      }
    });
  }

  /** The reply body of a request, for an answer made of several. */
  Future<JsonObject> request(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request, options).map(m -> m.body());
  }

  static void send(RoutingContext ctx, Object body) {
    ctx.response()
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(encode(body));
  }

  static void fail(RoutingContext ctx, String address, Throwable cause) {
    if (cause instanceof ReplyException re) {
      switch (re.failureType()) {
        case NO_HANDLERS -> HttpErrors.send(ctx, 503, "unavailable", "nothing serves " + address + " right now");
        case TIMEOUT -> HttpErrors.send(ctx, 503, "unavailable", address + " did not answer in time");
        default -> {
          int code = re.failureCode();
          int status = code >= 400 && code < 600 ? code : 502;
          if (status == Overloaded.CODE) {
            ctx.response().putHeader("Retry-After", String.valueOf(Overloaded.retryAfterSeconds(re.getMessage())));
          }
          HttpErrors.send(ctx, status, reason(status), String.valueOf(re.getMessage()));
        }
      }
    } else {
      HttpErrors.send(ctx, 502, "bad gateway", String.valueOf(cause.getMessage()));
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 404 -> "not found";
      case 409 -> "conflict";
      case 429 -> "too many requests";
      case 503 -> "unavailable";
      default -> status < 500 ? "rejected" : "worker failed";
    };
  }

  private static String encode(Object body) {
    if (body instanceof JsonObject o) {
      return o.encode();
    } else if (body instanceof JsonArray a) {
      return a.encode();
    } else if (body instanceof String s) {
      return s;
    }
    return String.valueOf(body);
  }
}
