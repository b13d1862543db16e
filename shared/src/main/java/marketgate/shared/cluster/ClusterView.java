package marketgate.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.Promise;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * This node's view of the cluster: its id, the live members (from the cluster manager, never a
 * home-made membership), the roles each member announced and which member holds each singleton.
 *
 * <p>A member's roles travel in its cluster node metadata ({@code {"roles": [...]}}, set when the
 * clustered Vert.x is created), so they leave with the member. Singleton holders live in a
 * cluster-wide map ({@code vertx.sharedData()}, a local map in embedded mode); an entry of a member
 * that died stays until a live member takes the singleton over, and readers check it against the
 * live member list, so a dead member never shows as holding anything.
 */
public final class ClusterView {
  /** This node's roles in embedded mode, where there is no node metadata. */
  private static final String LOCAL_ROLES = "marketgate.node.roles";
  /** singleton name -> {"node", "since"}. */
  static final String SINGLETONS_MAP = "marketgate.singletons";
  /** The id of a node that is not clustered. */
  public static final String LOCAL_NODE = "local";

  private final Vertx vertx;
  private final ClusterManager clusterManager;

  private ClusterView(Vertx vertx) {
    this.vertx = vertx;
    this.clusterManager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }

  public static ClusterView of(Vertx vertx) {
    return new ClusterView(vertx);
  }

  public boolean clustered() {
    return clusterManager != null;
  }

  public String nodeId() {
    return clusterManager == null ? LOCAL_NODE : clusterManager.getNodeId();
  }

  /** The live members' ids, as the cluster manager sees them now. */
  public List<String> members() {
    return clusterManager == null ? List.of(LOCAL_NODE) : List.copyOf(clusterManager.getNodes());
  }

  public boolean isMember(String nodeId) {
    return members().contains(nodeId);
  }

  /**
   * Records this node's roles (lower-case names) for {@code /status} in embedded mode; a cluster
   * member announces them in its node metadata instead.
   */
  public void announce(Collection<String> roles) {
    if (clusterManager == null) {
      vertx.sharedData().getLocalMap(LOCAL_ROLES).put(nodeId(), new JsonArray(new ArrayList<>(roles)));
    }
  }

  /** Each live member's roles, from its node metadata (embedded: this node's announced roles). */
  public Future<Map<String, List<String>>> memberRoles() {
    if (clusterManager == null) {
      Object local = vertx.sharedData().getLocalMap(LOCAL_ROLES).get(nodeId());
      List<String> roles = local instanceof JsonArray a ? a.stream().map(String::valueOf).toList() : List.of();
      return Future.succeededFuture(Map.of(nodeId(), roles));
    }
    List<String> ids = members();
    List<Future<List<String>>> roles = new ArrayList<>();
    for (String id : ids) {
      Promise<NodeInfo> info = Promise.promise();
      clusterManager.getNodeInfo(id, info);
      roles.add(info.future().map(ClusterView::roles).otherwise(List.of()));
    }
    return Future.join(roles).otherwiseEmpty().map(v -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        List<String> r = roles.get(i).result();
        out.put(ids.get(i), r == null ? List.of() : r);
      }
      return out;
    });
  }

  private static List<String> roles(NodeInfo info) {
    JsonObject metadata = info == null ? null : info.metadata();
    JsonArray roles = metadata == null ? null : metadata.getJsonArray("roles");
    return roles == null ? List.of() : roles.stream().map(r -> String.valueOf(r).toLowerCase(Locale.ROOT)).toList();
  }

  /** Each known singleton's live holder, or null when its recorded holder has left the cluster. */
  public Future<Map<String, String>> singletonHolders() {
    Set<String> live = new HashSet<>(members());
    return this.<String, JsonObject>map(SINGLETONS_MAP).compose(AsyncMap::entries).map(entries -> {
      Map<String, String> out = new LinkedHashMap<>();
      entries.forEach((name, h) -> out.put(name, live.contains(h.getString("node")) ? h.getString("node") : null));
      return out;
    });
  }

  /** Records this node as the holder of a singleton (called once it holds the singleton's lock). */
  Future<Void> recordHolder(String singleton) {
    JsonObject holder = new JsonObject().put("node", nodeId()).put("since", Instant.now().toString());
    return this.<String, JsonObject>map(SINGLETONS_MAP).compose(m -> m.put(singleton, holder));
  }

  /** The singleton's holder as recorded, or null; a holder that is no longer a member is "lost". */
  public Future<JsonObject> holder(String singleton) {
    return this.<String, JsonObject>map(SINGLETONS_MAP).compose(m -> m.get(singleton));
  }

  /**
   * For {@code /status}: {@code {"node", "clustered", "members": [{"id", "roles", "host", "self"}],
   * "singletons": {name: {"node", "since", "state": "held"|"lost"}}}}.
   */
  public Future<JsonObject> describe() {
    List<String> live = members();
    Set<String> liveSet = new HashSet<>(live);
    Future<Map<String, List<String>>> roles = memberRoles();
    Future<Map<String, JsonObject>> holders = this.<String, JsonObject>map(SINGLETONS_MAP).compose(AsyncMap::entries);
    return Future.all(roles, holders).map(done -> {
      JsonArray members = new JsonArray();
      for (String id : live) {
        List<String> r = roles.result().get(id);
        members.add(new JsonObject()
            .put("id", id)
            .put("self", id.equals(nodeId()))
            .put("roles", new JsonArray(r == null ? List.of() : r)));
      }
      JsonObject singletons = new JsonObject();
      holders.result().forEach((name, h) -> singletons.put(name, h.copy()
          .put("state", liveSet.contains(h.getString("node")) ? "held" : "lost")));
      return new JsonObject()
          .put("node", nodeId())
          .put("clustered", clustered())
          .put("members", members)
          .put("singletons", singletons);
    });
  }

  private <K, V> Future<AsyncMap<K, V>> map(String name) {
    return vertx.sharedData().getAsyncMap(name);
  }
}
