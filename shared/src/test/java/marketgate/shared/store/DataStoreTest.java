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

  @Test
  void tempFilesOfACrashedWriterAreRemovedAtStart() throws IOException {
    DataStore store = new DataStore(root);
    store.write("data/metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
    Files.writeString(root.resolve("data").resolve(DataStore.TEMP_PREFIX + "metadata.json-1a2b"), "{\"torn");
    assertEquals(1, store.removeStaleTempFiles());
    assertEquals(List.of("metadata.json"), store.list("data"));
    assertTrue(Files.exists(root.resolve("data/metadata.json")));
  }

  @Test
  void normalizeKeepsGoodPaths() {
    assertEquals("data/candles/2026-11-20/candles_0920.json.gz",
        DataStore.normalize("data/candles/2026-11-20/candles_0920.json.gz"));
  }
}
