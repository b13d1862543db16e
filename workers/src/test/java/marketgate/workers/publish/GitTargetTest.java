package marketgate.workers.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import marketgate.shared.config.PublishConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a bare repository on disk, checked with the git command line. */
class GitTargetTest {
  @TempDir Path dir;
  private Vertx vertx;
  private Path bare;
  private GitTarget target;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    bare = dir.resolve("remote.git");
    git(dir, "init", "--bare", "--initial-branch=main", bare.toString());
    PublishConfig.Git config = new PublishConfig.Git(null, bare.toString(), "main", "marketgate", "mg@localhost", 3);
    target = new GitTarget(vertx, config, dir.resolve("work"), bare.toString(), null);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static String git(Path cwd, String... args) throws IOException, InterruptedException {
    return GitCli.git(cwd, args);
  }

  private static List<PublishedFile> files(String tag) {
    return List.of(
        PublishedFile.of("data/candles/latest.json.gz", ("candles " + tag).getBytes(StandardCharsets.UTF_8), 1),
        PublishedFile.of("data/ticks/ticks_latest.json.gz", ("ticks " + tag).getBytes(StandardCharsets.UTF_8), 1),
        PublishedFile.of("data/metadata.json", ("{\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8), 1));
  }

  private Path cloneRemote(String name) throws Exception {
    Path clone = dir.resolve(name);
    git(dir, "clone", "-q", bare.toString(), clone.toString());
    return clone;
  }

  @Test
  void eachPublishIsOneCommitWithAllFilesAndAMeaningfulMessage() throws Exception {
    target.publish(files("one"), "Publish candles 2026-11-20 09:20 IST: 2 instruments").await();
    target.publish(files("two"), "Publish candles 2026-11-20 09:25 IST: 2 instruments").await();

    Path clone = cloneRemote("check");
    assertEquals(List.of("Publish candles 2026-11-20 09:25 IST: 2 instruments",
        "Publish candles 2026-11-20 09:20 IST: 2 instruments"), git(clone, "log", "--format=%s").lines().toList());
    assertEquals(List.of("data/candles/latest.json.gz", "data/metadata.json", "data/ticks/ticks_latest.json.gz"),
        git(clone, "show", "--name-only", "--format=", "HEAD~1").lines().sorted().toList(),
        "the first commit holds all files of its publish");
    assertEquals("marketgate <mg@localhost>", git(clone, "log", "-1", "--format=%an <%ae>").strip());
    for (PublishedFile file : files("two")) {
      assertArrayEquals(file.bytes(), Files.readAllBytes(clone.resolve(file.path())));
    }
  }

  @Test
  void aRejectedPushIsRetriedOntoTheRemoteAndSucceeds() throws Exception {
    target.publish(files("one"), "first publish").await();
    // Someone else pushes first.
    Path other = cloneRemote("other");
    Files.writeString(other.resolve("README.md"), "data repository\n");
    git(other, "add", "README.md");
    git(other, "commit", "-q", "-m", "someone else's commit");
    git(other, "push", "-q", "origin", "main");

    target.publish(files("two"), "second publish").await();

    Path clone = cloneRemote("check");
    assertEquals(List.of("second publish", "someone else's commit", "first publish"),
        git(clone, "log", "--format=%s").lines().toList());
    assertEquals("data repository\n", Files.readString(clone.resolve("README.md")), "their file is kept");
    assertEquals("{\"tag\":\"two\"}", Files.readString(clone.resolve("data/metadata.json")));
  }

  @Test
  void manyFilesAreCommittedInChunksOfAtMostTheLimit() throws Exception {
    List<PublishedFile> many = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      many.add(PublishedFile.of("seeds/bluedot/data/S" + i + ".csv", ("20261120T,1,1,1,1," + i + "\n").getBytes(), 1));
    }
    List<String> commits = target.commitAndPush(many, "BlueDot seeds 2026-11-20", 3);
    assertEquals(3, commits.size());
    Path clone = cloneRemote("check");
    assertEquals(List.of("BlueDot seeds 2026-11-20 (part 3 of 3)", "BlueDot seeds 2026-11-20 (part 2 of 3)",
        "BlueDot seeds 2026-11-20 (part 1 of 3)"), git(clone, "log", "--format=%s").lines().toList());
    for (String commit : commits) {
      int changed = git(clone, "show", "--name-only", "--format=", commit).lines().toList().size();
      assertTrue(changed <= 3, "at most 3 files per commit, got " + changed);
    }
    assertEquals(7, Files.list(clone.resolve("seeds/bluedot/data")).count());
    assertTrue(GitTarget.MAX_FILES_PER_COMMIT == 3000);
  }
}
