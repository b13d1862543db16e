package marketgate.shared.jobs;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.List;

/**
 * Which node this is and which nodes are alive, so a job record can name its node and a sweep can
 * tell a job whose node died from one still running.
 */
public final class NodeIdentity {
  /** The node id of a Vert.x that is not clustered: it is the only member there is. */
  public static final String LOCAL = "local";

  private NodeIdentity() {}

  public static String of(Vertx vertx) {
    ClusterManager cluster = clusterManager(vertx);
    return cluster == null ? LOCAL : cluster.getNodeId();
  }

  /** The ids of the cluster's members (this node alone when not clustered). */
  public static List<String> members(Vertx vertx) {
    ClusterManager cluster = clusterManager(vertx);
    return cluster == null ? List.of(LOCAL) : cluster.getNodes();
  }

  private static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() && vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
  }
}
