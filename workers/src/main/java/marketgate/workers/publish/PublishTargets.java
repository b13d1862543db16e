package marketgate.workers.publish;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;

/** Builds the targets named in {@code publish.targets}, in that order. */
public final class PublishTargets {
  private PublishTargets() {}

  public static List<PublishTarget> create(Vertx vertx, MarketgateConfig config, DataStore dataStore) {
    List<PublishTarget> targets = new ArrayList<>();
    for (String name : config.publish().targets()) {
      targets.add(create(vertx, config, dataStore, name));
    }
    return targets;
  }

  public static PublishTarget create(Vertx vertx, MarketgateConfig config, DataStore dataStore, String name) {
    switch (name) {
      case "local":
        return new LocalTarget(vertx, dataStore);
      default:
        throw new IllegalArgumentException("unknown publish target '" + name + "', allowed: local, git, github");
    }
  }
}
