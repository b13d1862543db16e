package marketgate.shared.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataStoreTest {
  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "data/../../x", "/etc/passwd", "data//x", "data/./x", "a\\b", "a\0b",
      "", "C:/windows", "data/..", "data/x\n"})
  void traversalAndOddPathsAreRefused(String path) throws IOException {
    DataStore store = new DataStore(root);
    assertThrows(InvalidPathException.class, () -> store.resolve(path));
  }

  @Test
  void writesAreAtomicAndReadBack() throws IOException {
    DataStore store = new DataStore(root);
    store.write("data/candles/latest.json.gz", "one".getBytes(StandardCharsets.UTF_8));
    store.write("data/candles/latest.json.gz", "two".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), store.read("data/candles/latest.json.gz").orElseThrow());
    assertEquals(List.of("latest.json.gz"), store.list("data/candles"), "no temp file is left behind");
    assertTrue(store.read("data/missing.json").isEmpty());
  }

  @Test
  void aFailedWriteLeavesTheOldFileWhole() throws IOException {
    DataStore store = new DataStore(root);
    store.write("data/metadata.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> store.write("data/metadata.json", out -> {
      out.write("{\"v\":".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("{\"v\":1}", new String(store.read("data/metadata.json").orElseThrow(), StandardCharsets.UTF_8));
    assertEquals(List.of("metadata.json"), store.list("data"));
  }

  @Test
  void aSymlinkOutOfTheRootIsRefused(@TempDir Path outside) throws IOException {
    DataStore store = new DataStore(root);
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("escape"), outside);
    InvalidPathException e = assertThrows(InvalidPathException.class, () -> store.read("escape/secret.txt"));
    assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    assertThrows(InvalidPathException.class, () -> store.write("escape/new.txt", new byte[1]));
    assertFalse(Files.exists(outside.resolve("new.txt")));
  }

  private static String firstLine(Process p) throws IOException {
    return new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  @Test
  void tempFilesOfAGoneWriterAreRemovedAtStart() throws Exception {
    DataStore store = new DataStore(root);
    store.write("data/metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
    Process crashed = TempWriterProcess.start(root, "gone");
    String temp = firstLine(crashed);
    assertEquals(0, crashed.waitFor());
    assertTrue(Files.exists(root.resolve("data").resolve(temp)), temp);

    DataStore.Cleanup cleanup = store.removeStaleTempFiles();
    assertEquals(new DataStore.Cleanup(1, 0, 0), cleanup);
    assertEquals(List.of("metadata.json"), store.list("data"));
    assertTrue(Files.exists(root.resolve("data/metadata.json")));
    try (var locks = Files.list(root.resolve(DataStore.WRITERS_DIR))) {
      assertTrue(locks.noneMatch(l -> temp.contains(l.getFileName().toString().replace(".lock", ""))),
          "the gone writer's lock file is removed too");
    }
  }

  @Test
  void tempFilesOfAnotherRunningProcessSharingTheDirectoryAreKept() throws Exception {
    DataStore store = new DataStore(root);
    Process gateway = TempWriterProcess.start(root, "running");
    try {
      String temp = firstLine(gateway);
      DataStore.Cleanup cleanup = store.removeStaleTempFiles();
      assertEquals(new DataStore.Cleanup(0, 1, 0), cleanup);
      assertTrue(Files.exists(root.resolve("data").resolve(temp)), "a running writer's temp file stays");
      gateway.getOutputStream().close();
      assertEquals(0, gateway.waitFor());
      assertEquals(new DataStore.Cleanup(1, 0, 0), store.removeStaleTempFiles(), "once it is gone, its file goes");
    } finally {
      gateway.destroyForcibly();
    }
  }

  @Test
  void untaggedTempFilesGoOnlyOnceADayOldAndThisProcessKeepsItsOwn() throws Exception {
    DataStore store = new DataStore(root);
    Files.createDirectories(root.resolve("data"));
    Path old = root.resolve("data").resolve(DataStore.TEMP_PREFIX + "metadata.json-1a2b");
    Path fresh = root.resolve("data").resolve(DataStore.TEMP_PREFIX + "ticks.json-3c4d");
    Path mine = root.resolve("data").resolve(store.tempName("candles.json"));
    for (Path p : List.of(old, fresh, mine)) {
      Files.writeString(p, "{\"torn");
    }
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() - DataStore.UNTAGGED_AGE_MILLIS - 60_000));
    assertEquals(new DataStore.Cleanup(1, 2, 0), store.removeStaleTempFiles());
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh) && Files.exists(mine));
  }

  @Test
  void anUnreadableEntryIsCountedAndTheCleanupGoesOn() throws Exception {
    DataStore store = new DataStore(root);
    Files.createDirectories(root.resolve("data"));
    Path stale = root.resolve("data").resolve(DataStore.TEMP_PREFIX + "metadata.json-1a2b");
    Files.writeString(stale, "{\"torn");
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
    // A folder nested deeper than PATH_MAX cannot be opened by its path, whoever runs the test
    // (permissions would not stop root): built bottom-up by renames, each path short.
    String longName = "n".repeat(200);
    Path deep = Files.createDirectories(root.resolve("deep0"));
    int levels = 25;
    for (int i = 1; i <= levels; i++) {
      Path parent = Files.createDirectories(root.resolve("deep" + i).resolve(longName));
      Files.move(deep, parent.resolve("d"));
      deep = root.resolve("deep" + i);
    }
    try {
      DataStore.Cleanup cleanup = store.removeStaleTempFiles();
      assertTrue(cleanup.unreadable() >= 1, cleanup.toString());
      assertEquals(1, cleanup.removed(), "the walk goes on past the unreadable entry");
      assertFalse(Files.exists(stale));
    } finally {
      // Undone level by level so the temp folder can be deleted.
      for (int i = levels; i >= 1; i--) {
        Files.move(root.resolve("deep" + i).resolve(longName).resolve("d"), root.resolve("deep" + (i - 1)));
      }
    }
  }

  @Test
  void normalizeKeepsGoodPaths() {
    assertEquals("data/candles/2026-11-20/candles_0920.json.gz",
        DataStore.normalize("data/candles/2026-11-20/candles_0920.json.gz"));
  }
}
