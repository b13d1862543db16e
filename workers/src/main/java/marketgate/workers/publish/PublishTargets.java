package marketgate.workers.publish;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.PublishConfig;
import marketgate.shared.config.Secrets;
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
      case "git":
        return git(vertx, config, config.publish().git().remote());
      case "github":
        return new GitHubTarget(vertx, config.publish().github(),
            config.secrets().get(Secrets.GITHUB_TOKEN).orElse(null), config.publish().git().pushRetries());
      default:
        throw new IllegalArgumentException("unknown publish target '" + name + "', allowed: local, git, github");
    }
  }

  /**
   * The git target; its working copy is {@code publish.git.repoDir}, by default
   * {@code <dataDir>/state/publish/git}.
   */
  public static GitTarget git(Vertx vertx, MarketgateConfig config, String remote) {
    PublishConfig.Git git = config.publish().git();
    Path repoDir = git.repoDir() != null ? git.repoDir() : config.dataDir().resolve("state/publish/git");
    return new GitTarget(vertx, git, repoDir, remote, config.secrets().get(Secrets.GITHUB_TOKEN).orElse(null));
  }
}
