package marketgate.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's view of the cluster: its id, the live members (from the cluster manager, never a
 * home-made membership), the roles each member announced and which member holds each singleton.
 *
 * <p>Roles and singleton holders live in cluster-wide maps ({@code vertx.sharedData()}), local maps
 * in embedded mode, so the same code serves one JVM and a cluster. An entry of a member that died
 * stays in the map until a live member overwrites it; readers filter by the live member list, so a
 * dead member never shows as holding anything.
 */
public final class ClusterView {
  /** nodeId -> {"roles": [...], "host", "started"}. */
  static final String MEMBERS_MAP = "marketgate.members";
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

  /** Announces this node's roles (lower-case names) so {@code /status} can list who does what. */
  public Future<Void> announce(Collection<String> roles) {
    JsonObject entry = new JsonObject()
        .put("roles", new JsonArray(new ArrayList<>(roles)))
        .put("host", clusterManager == null ? "localhost" : String.valueOf(clusterManager.clusterHost()))
        .put("started", Instant.now().toString());
    return this.<String, JsonObject>map(MEMBERS_MAP).compose(m -> m.put(nodeId(), entry));
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
    Future<Map<String, JsonObject>> roles = this.<String, JsonObject>map(MEMBERS_MAP).compose(AsyncMap::entries);
    Future<Map<String, JsonObject>> holders = this.<String, JsonObject>map(SINGLETONS_MAP).compose(AsyncMap::entries);
    return Future.all(roles, holders).map(done -> {
      JsonArray members = new JsonArray();
      for (String id : live) {
        JsonObject announced = roles.result().get(id);
        members.add(new JsonObject()
            .put("id", id)
            .put("self", id.equals(nodeId()))
            .put("roles", announced == null ? new JsonArray() : announced.getJsonArray("roles"))
            .put("host", announced == null ? null : announced.getString("host")));
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
