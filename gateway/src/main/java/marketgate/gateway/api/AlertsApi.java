package marketgate.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import marketgate.shared.bus.Addresses;

/**
 * {@code GET /api/v1/alerts}: the monitor's open and recent incidents, newest first, as {@code
 * {"time", "healthy", "open": [...], "recent": [...]}}; 503 when no monitor answers.
 */
public final class AlertsApi {
  private final BusRequests bus;

  public AlertsApi(Vertx vertx, long timeoutMillis) {
    this.bus = new BusRequests(vertx, timeoutMillis);
  }

  public void list(RoutingContext ctx) {
    bus.answer(ctx, Addresses.MONITOR_STATUS, new JsonObject(), AlertsApi::incidents);
  }

  static Object incidents(Object status) {
    JsonObject s = status instanceof JsonObject o ? o : new JsonObject();
    JsonObject incidents = s.getJsonObject("incidents", new JsonObject());
    return new JsonObject()
        .put("time", s.getString("time"))
        .put("healthy", s.getBoolean("healthy"))
        .put("open", incidents.getJsonArray("open", new io.vertx.core.json.JsonArray()))
        .put("recent", incidents.getJsonArray("recent", new io.vertx.core.json.JsonArray()));
  }
}
