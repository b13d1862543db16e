package marketgate.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import marketgate.shared.config.PublishConfig;
import org.eclipse.jgit.api.errors.GitAPIException;

/** The {@code git} publish target: each publish is one commit of a {@link GitRepository}, off the event loop. */
public final class GitTarget implements PublishTarget {
  /** GitHub's advice for Pine Seeds repositories: at most 3,000 changed files per commit. */
  public static final int MAX_FILES_PER_COMMIT = GitRepository.MAX_FILES_PER_COMMIT;

  private final Vertx vertx;
  private final GitRepository repository;

  public GitTarget(Vertx vertx, GitRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
  }

  /**
   * @param remote a URL or path git understands; empty for a local-only repository
   * @param token sent as the password of {@code x-access-token} (GitHub's token scheme), or null
   */
  public GitTarget(Vertx vertx, PublishConfig.Git config, Path repoDir, String remote, String token) {
    this(vertx, new GitRepository(config, repoDir, remote, token));
  }

  @Override
  public String name() {
    return "git";
  }

  @Override
  public Future<Void> publish(List<PublishedFile> files, String message) {
    return vertx.executeBlocking(() -> {
      repository.commitAndPush(files, message, Integer.MAX_VALUE);
      return null;
    }, false);
  }

  /** See {@link GitRepository#commitAndPush}. Blocking. */
  public List<String> commitAndPush(List<PublishedFile> files, String message, int maxFilesPerCommit)
      throws IOException, GitAPIException {
    return repository.commitAndPush(files, message, maxFilesPerCommit);
  }
}
