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
 * (null for nobody). The singleton registry arrives with cluster singletons; until then the map
 * is empty and a supplier can feed it.
 */
public record ClusterView(boolean clustered, Map<String, Set<String>> members, Map<String, String> singletons) {
  public static final ClusterView NOT_CLUSTERED = new ClusterView(false, Map.of(), Map.of());

  /** The view of a Vert.x instance: "not clustered", or its cluster manager's members and their metadata. */
  public static Supplier<Future<ClusterView>> of(Vertx vertx) {
    return () -> {
      if (!vertx.isClustered()) {
        return Future.succeededFuture(NOT_CLUSTERED);
      }
      ClusterManager manager = ((VertxInternal) vertx).clusterManager();
      List<String> ids = List.copyOf(manager.getNodes());
      List<Future<Set<String>>> roles = new ArrayList<>();
      for (String id : ids) {
        Promise<NodeInfo> info = Promise.promise();
        manager.getNodeInfo(id, info);
        roles.add(info.future().map(ClusterView::roles).otherwise(Set.of()));
      }
      return Future.join(roles).otherwiseEmpty().map(v -> {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          Set<String> r = roles.get(i).result();
          members.put(ids.get(i), r == null ? Set.of() : r);
        }
        return new ClusterView(true, members, Map.of());
      });
    };
  }

  private static Set<String> roles(NodeInfo info) {
    JsonObject metadata = info == null ? null : info.metadata();
    JsonArray roles = metadata == null ? null : metadata.getJsonArray("roles");
    Set<String> out = new LinkedHashSet<>();
    if (roles != null) {
      roles.forEach(r -> out.add(String.valueOf(r).toLowerCase(java.util.Locale.ROOT)));
    }
    return out;
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
