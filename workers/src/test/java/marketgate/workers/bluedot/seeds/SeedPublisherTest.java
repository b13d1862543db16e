package marketgate.workers.bluedot.seeds;

import static marketgate.workers.publish.GitCli.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import marketgate.workers.publish.GitCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedPublisherTest {
  @TempDir Path dir;

  private SeedPublisher publisher(DataStore store, Path remote) {
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", store.root().toString())
        .put("bluedot", new JsonObject().put("seedRemote", remote.toString()).put("seedRepository", "bluedot")));
    return SeedPublisher.fromConfig(config, store).orElseThrow();
  }

  @Test
  void changedSeedFilesLandAtTheSeedRepositoryRootInCommitsOfAtMost3000Files() throws Exception {
    DataStore store = new DataStore(dir.resolve("data"));
    Path remote = GitCli.bareRepository(dir, "seed.git");
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < 3_005; i++) {
      String path = "seeds/bluedot/data/S" + i + "_BLUE_DOTS.csv";
      store.write(path, ("20240802T," + i + "," + i + "," + i + "," + i + ",0\n").getBytes(StandardCharsets.UTF_8));
      changed.add(path);
    }
    store.write("seeds/bluedot/symbol_info/bluedot.json", "{\"symbol\":[]}".getBytes(StandardCharsets.UTF_8));
    changed.add("seeds/bluedot/symbol_info/bluedot.json");

    List<String> commits = publisher(store, remote).publish(changed, "BlueDot daily 2024-08-02");

    assertEquals(2, commits.size());
    String log = git(dir, "--git-dir", remote.toString(), "log", "--format=%s", "main");
    assertEquals(2, log.lines().count(), log);
    assertTrue(log.lines().allMatch(s -> s.startsWith("BlueDot daily 2024-08-02")), log);
    String first = git(dir, "--git-dir", remote.toString(), "show", "--name-only", "--format=", "main~1");
    assertEquals(3_000, first.lines().count(), "GitHub's limit for seed repositories: 3,000 files a commit");
    String files = git(dir, "--git-dir", remote.toString(), "ls-tree", "-r", "--name-only", "main");
    assertEquals(3_006, files.lines().count());
    assertTrue(files.contains("data/S42_BLUE_DOTS.csv\n"), "paths are at the seed repository's root");
    assertTrue(files.contains("symbol_info/bluedot.json"));
    assertEquals("20240802T,7,7,7,7,0\n",
        git(dir, "--git-dir", remote.toString(), "show", "main:data/S7_BLUE_DOTS.csv"));
  }

  @Test
  void nothingChangedMeansNoCommitAndAForeignPathIsRefused() throws Exception {
    DataStore store = new DataStore(dir.resolve("data"));
    Path remote = GitCli.bareRepository(dir, "seed.git");
    SeedPublisher publisher = publisher(store, remote);
    assertEquals(List.of(), publisher.publish(List.of(), "nothing"));
    store.write("pages/daily/latest/X_PRICE_DATA.csv", new byte[1]);
    IOException e = assertThrows(IOException.class,
        () -> publisher.publish(List.of("pages/daily/latest/X_PRICE_DATA.csv"), "wrong"));
    assertTrue(e.getMessage().contains("not a file of the seed repository"), e.getMessage());
  }

  @Test
  void noRemoteMeansNoSeedPublisher() throws IOException {
    DataStore store = new DataStore(dir.resolve("data"));
    assertTrue(SeedPublisher.fromConfig(MarketgateConfig.defaults(), store).isEmpty());
  }
}
