package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommitChunksTest {
  @Test
  void sevenThousandFilesMakeThreeCommitsOfAtMostThreeThousand() {
    List<String> files = IntStream.range(0, 7_000).mapToObj(i -> "seeds/b/data/S" + i + "_RS_LINE.csv").toList();
    List<List<String>> chunks = CommitChunks.split(files, CommitChunks.PINE_SEEDS_MAX_FILES);
    assertEquals(List.of(3_000, 3_000, 1_000), chunks.stream().map(List::size).toList());
    List<String> all = new ArrayList<>();
    chunks.forEach(all::addAll);
    assertEquals(files.stream().sorted().toList(), all, "every file once, in a stable order");
  }

  @Test
  void duplicatesCountOnceAndNothingChangedMeansNoCommit() {
    assertEquals(List.of(List.of("a", "b")), CommitChunks.split(List.of("b", "a", "b"), 3_000));
    assertTrue(CommitChunks.split(List.of(), 3_000).isEmpty());
    assertEquals(List.of(List.of("a"), List.of("b")), CommitChunks.split(List.of("a", "b"), 1));
  }

  @Test
  void exactlyTheLimitIsOneCommit() {
    List<String> files = IntStream.range(0, 3_000).mapToObj(i -> "f" + i).toList();
    assertEquals(1, CommitChunks.split(files, 3_000).size());
    assertThrows(IllegalArgumentException.class, () -> CommitChunks.split(files, 0));
  }
}
