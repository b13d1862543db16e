package marketgate.workers.monitor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Cluster membership for the monitor: member id to its roles (from the node metadata's
 * {@code "roles"} array when a node publishes one) and singleton name to the member holding it
 * (null for nobody), read through {@link marketgate.shared.cluster.ClusterView}.
 */
public record ClusterView(boolean clustered, Map<String, Set<String>> members, Map<String, String> singletons) {
  public static final ClusterView NOT_CLUSTERED = new ClusterView(false, Map.of(), Map.of());

  /** The view of a Vert.x instance: "not clustered", or its members' roles and the singletons' live holders. */
  public static Supplier<Future<ClusterView>> of(Vertx vertx) {
    marketgate.shared.cluster.ClusterView cluster = marketgate.shared.cluster.ClusterView.of(vertx);
    return () -> {
      if (!cluster.clustered()) {
        return Future.succeededFuture(NOT_CLUSTERED);
      }
      Future<Map<String, List<String>>> roles = cluster.memberRoles();
      Future<Map<String, String>> holders = cluster.singletonHolders().otherwise(Map.of());
      return Future.all(roles, holders).map(v -> {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        roles.result().forEach((id, r) -> members.put(id, new LinkedHashSet<>(r)));
        return new ClusterView(true, members, holders.result());
      });
    };
  }

  public JsonObject toJson() {
    if (!clustered) {
      return new JsonObject().put("clustered", false).put("state", "not clustered");
    }
    JsonObject members = new JsonObject();
    this.members.forEach((id, r) -> members.put(id, new JsonArray(List.copyOf(r))));
    JsonObject holders = new JsonObject();
    singletons.forEach(holders::put);
    return new JsonObject().put("clustered", true).put("members", members).put("singletons", holders);
  }
}
