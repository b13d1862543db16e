package marketgate.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Addresses;

/** Scans run by the scan workers over the bus; the gateway only validates the envelope. */
public final class ScansApi {
  private final BusRequests bus;

  public ScansApi(Vertx vertx, long timeoutMillis) {
    this.bus = new BusRequests(vertx, timeoutMillis);
  }

  public void run(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      HttpErrors.send(ctx, 400, "bad request", "the body must be JSON like {\"code\": \"X:12:9:2.5\"}");
      return;
    }
    Object code = body == null ? null : body.getValue("code");
    if (!(code instanceof String s) || s.isBlank()) {
      HttpErrors.send(ctx, 400, "bad request", "the body must carry a scan code, e.g. {\"code\": \"X:12:9:2.5\"}");
      return;
    }
    // The worker stops a scan nobody waits for any more: it gets this side's timeout as its deadline.
    bus.answer(ctx, Addresses.SCANS_RUN, new JsonObject().put("code", s.trim()).put("timeout_ms", bus.timeoutMillis()));
  }

  /** The index member lists the scan workers hold: date, size and symbols missing from the market. */
  public void universes(RoutingContext ctx) {
    bus.answer(ctx, Addresses.SCANS_UNIVERSES, new JsonObject());
  }

  public void menu(RoutingContext ctx) {
    bus.answer(ctx, Addresses.SCANS_MENU, new JsonObject());
  }

  public void result(RoutingContext ctx) {
    bus.answer(ctx, Addresses.SCANS_RESULT, new JsonObject().put("id", ctx.pathParam("id")));
  }
}
