package marketgate.workers.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishSnapshotJobTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String target, String remote) {
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dir.resolve("data").toString())
        .put("simulator", new JsonObject().put("instrumentLimit", 50)));
    return new PublishSnapshotJob(config, target, remote, new PrintStream(out, true), new PrintStream(err, true)).run();
  }

  @Test
  void anEmptyDataDirectoryPublishesASimulatedSessionAndExitsZero() throws Exception {
    assertEquals(0, run("local", null), err.toString());
    JsonObject metadata = new JsonObject(Files.readString(dir.resolve("data/data/metadata.json")));
    assertEquals("simulator", metadata.getString("data_source"));
    assertEquals(50, metadata.getInteger("instrument_count"));
    assertTrue(Files.size(dir.resolve("data/data/candles/latest.json.gz")) > 1000);
    assertTrue(out.toString().contains("simulated session"));
  }

  @Test
  void gitRemoteOptionPushesOneCommit() throws Exception {
    Path bare = GitCli.bareRepository(dir, "remote.git");
    assertEquals(0, run("git", bare.toString()), err.toString());
    String subjects = GitCli.git(dir, "--git-dir", bare.toString(), "log", "--format=%s", "main");
    assertEquals(1, subjects.lines().count());
    assertTrue(subjects.startsWith("Publish candles "), subjects);
  }

  @Test
  void aTargetThatCannotWorkExitsNonZeroWithAMessage() {
    assertEquals(1, run("github", null));
    assertTrue(err.toString().startsWith("publish-snapshot failed: publish.github.repository must be owner/name"),
        err.toString());
  }
}
