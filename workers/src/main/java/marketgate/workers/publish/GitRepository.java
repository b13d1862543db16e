package marketgate.workers.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.PublishConfig;
import marketgate.shared.store.DataStore;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A git repository as the data layer (JGit): all files of one publish in one commit, pushed to
 * {@code publish.git.remote}. When the push is rejected because someone else pushed first, the
 * working copy is reset onto the remote branch, the files are written and committed again and the
 * push retried ({@code publish.git.pushRetries} times). Resetting rather than rebasing is right
 * here: our files are whole snapshots, so ours win, and a rebase of a binary file can only conflict.
 *
 * <p>Every method blocks (JGit): call it from a worker thread. One commit-and-push at a time
 * (synchronized). {@link GitTarget} runs it as a publish target; BlueDot seeds use it directly.
 */
public final class GitRepository {
  private static final Logger LOG = LoggerFactory.getLogger(GitRepository.class);
  /** GitHub's advice for Pine Seeds repositories: at most 3,000 changed files per commit. */
  public static final int MAX_FILES_PER_COMMIT = 3_000;
  private static final String REMOTE = "origin";

  private final Path repoDir;
  private final String remote;
  private final String branch;
  private final PersonIdent author;
  private final int pushRetries;
  private final CredentialsProvider credentials;

  /**
   * @param remote a URL or path git understands; empty for a local-only repository
   * @param token sent as the password of {@code x-access-token} (GitHub's token scheme), or null
   */
  public GitRepository(PublishConfig.Git config, Path repoDir, String remote, String token) {
    this.repoDir = repoDir;
    this.remote = remote == null ? "" : remote;
    this.branch = config.branch();
    this.author = new PersonIdent(config.authorName(), config.authorEmail());
    this.pushRetries = config.pushRetries();
    this.credentials = token == null ? null : new UsernamePasswordCredentialsProvider("x-access-token", token);
  }

  /**
   * Commits the files in chunks of at most {@code maxFilesPerCommit} (capped at 3,000) and pushes
   * them; returns the ids of the commits made. Blocking.
   */
  public synchronized List<String> commitAndPush(List<PublishedFile> files, String message, int maxFilesPerCommit)
      throws IOException, GitAPIException {
    int chunk = Math.max(1, Math.min(maxFilesPerCommit, MAX_FILES_PER_COMMIT));
    try (Git git = open()) {
      for (int attempt = 0; ; attempt++) {
        syncWithRemote(git);
        List<String> commits = commitChunks(git, files, message, chunk);
        if (remote.isEmpty() || commits.isEmpty() || push(git)) {
          return commits;
        }
        if (attempt >= pushRetries) {
          throw new IOException("push to " + remote + " rejected " + (attempt + 1) + " times; giving up");
        }
        LOG.info("push to {} rejected (someone pushed first); resetting onto the remote and retrying", remote);
      }
    }
  }

  private Git open() throws IOException, GitAPIException {
    if (Files.isDirectory(repoDir.resolve(".git"))) {
      return Git.open(repoDir.toFile());
    }
    Files.createDirectories(repoDir);
    Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch(branch).call();
    if (!remote.isEmpty()) {
      try {
        git.remoteAdd().setName(REMOTE).setUri(new URIish(remote)).call();
      } catch (java.net.URISyntaxException e) {
        git.close();
        throw new IOException("publish.git.remote is not a git URL: " + remote, e);
      }
    }
    return git;
  }

  /** Fetches and moves the local branch (and working tree) to the remote branch, if it exists. */
  private void syncWithRemote(Git git) throws IOException, GitAPIException {
    if (remote.isEmpty()) {
      return;
    }
    git.fetch().setRemote(REMOTE).setCredentialsProvider(credentials)
        .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/" + REMOTE + "/*")).call();
    Ref remoteRef = git.getRepository().exactRef("refs/remotes/" + REMOTE + "/" + branch);
    if (remoteRef == null) {
      return;
    }
    // Move the branch itself: reset cannot start from an unborn branch (fresh clone of the data).
    RefUpdate update = git.getRepository().updateRef("refs/heads/" + branch);
    update.setNewObjectId(remoteRef.getObjectId());
    update.setForceUpdate(true);
    update.update();
    git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/heads/" + branch).call();
  }

  private List<String> commitChunks(Git git, List<PublishedFile> files, String message, int chunk)
      throws IOException, GitAPIException {
    List<String> commits = new ArrayList<>();
    int parts = (files.size() + chunk - 1) / chunk;
    for (int part = 0; part < parts; part++) {
      List<PublishedFile> slice = files.subList(part * chunk, Math.min(files.size(), (part + 1) * chunk));
      AddCommand add = git.add();
      for (PublishedFile file : slice) {
        Path target = repoDir.resolve(DataStore.normalize(file.path()));
        Files.createDirectories(target.getParent());
        Files.write(target, file.bytes());
        add.addFilepattern(DataStore.normalize(file.path()));
      }
      add.call();
      String text = parts == 1 ? message : message + " (part " + (part + 1) + " of " + parts + ")";
      try {
        RevCommit commit = git.commit().setMessage(text).setAuthor(author).setCommitter(author)
            .setAllowEmpty(false).call();
        commits.add(commit.getId().name());
      } catch (EmptyCommitException e) {
        LOG.debug("nothing changed in part {} of {}", part + 1, parts);
      }
    }
    return commits;
  }

  /** Pushes the branch; false when the remote rejected it as not a fast-forward. */
  private boolean push(Git git) throws IOException, GitAPIException {
    Iterable<PushResult> results = git.push().setRemote(REMOTE).setCredentialsProvider(credentials)
        .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
    for (PushResult result : results) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        switch (update.getStatus()) {
          case OK, UP_TO_DATE:
            break;
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED:
            return false;
          default:
            throw new IOException("push to " + remote + " failed: " + update.getStatus()
                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
        }
      }
    }
    return true;
  }
}
