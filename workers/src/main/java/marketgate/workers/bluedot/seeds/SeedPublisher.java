package marketgate.workers.bluedot.seeds;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataLock;
import marketgate.shared.store.DataStore;
import marketgate.workers.publish.GitRepository;
import marketgate.workers.publish.PublishedFile;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Pushes the seed files a batch changed to the Pine Seeds repository (a git remote of its own):
 * {@code seeds/<repo>/data/X.csv} in the data layer becomes {@code data/X.csv} at the root of the
 * seed repository, committed in chunks of at most 3,000 files as GitHub asks of seed repositories.
 * Blocking: call it from a worker thread.
 */
public final class SeedPublisher {
  private final DataStore store;
  private final String prefix;
  private final GitRepository git;

  /** @param git a git repository whose remote is the seed repository */
  public SeedPublisher(DataStore store, String seedRepository, GitRepository git) {
    this.store = store;
    this.prefix = "seeds/" + seedRepository + "/";
    this.git = git;
  }

  /**
   * The seed publisher of a configuration: the git remote {@code bluedot.seedRemote} (token from
   * {@code GITHUB_TOKEN}), working copy under {@code state/bluedot/seed-git}; empty when no remote is set.
   */
  public static java.util.Optional<SeedPublisher> fromConfig(MarketgateConfig config, DataStore store) {
    String remote = config.bluedot().seedRemote();
    if (remote.isBlank()) {
      return java.util.Optional.empty();
    }
    GitRepository git = new GitRepository(config.publish().git(), config.dataDir().resolve("state/bluedot/seed-git"),
        remote, config.secrets().get(Secrets.GITHUB_TOKEN).orElse(null));
    return java.util.Optional.of(new SeedPublisher(store, config.bluedot().seedRepository(), git));
  }

  /**
   * Commits and pushes the changed seed files (data-layer paths as in {@code BatchResult.seedChanges()});
   * returns the commit ids, none when nothing changed.
   */
  public List<String> publish(List<String> seedChanges, String message)
      throws IOException, GitAPIException, InterruptedException {
    // Each job has its own publisher over the one working copy: one commit-and-push at a time.
    try (DataLock workingCopy = DataLock.acquire(store, "bluedot-seed-git")) {
      return commitAndPush(seedChanges, message);
    }
  }

  private List<String> commitAndPush(List<String> seedChanges, String message) throws IOException, GitAPIException {
    List<PublishedFile> files = new ArrayList<>(seedChanges.size());
    for (String path : seedChanges) {
      if (!path.startsWith(prefix)) {
        throw new IOException("'" + path + "' is not a file of the seed repository " + prefix);
      }
      byte[] bytes = Files.readAllBytes(store.resolve(path));
      files.add(PublishedFile.of(path.substring(prefix.length()), bytes, System.currentTimeMillis()));
    }
    return files.isEmpty() ? List.of() : git.commitAndPush(files, message, GitRepository.MAX_FILES_PER_COMMIT);
  }
}
