package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import marketgate.shared.config.MarketgateConfig;
import marketgate.workers.scans.rules.SeriesBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ScanJobTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Vertx vertx, String code, Path file) {
    InMemoryHistory history = new InMemoryHistory()
        .add(SeriesBuilder.flat("AAA", 260, 100, 100_000).volume(0, 300_000).build());
    return new ScanJob(vertx, MarketgateConfig.defaults(), history)
        .run(code, file, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void writesCsvToTheOutFileAndExitsZero(Vertx vertx, @TempDir Path dir) throws Exception {
    Path csv = dir.resolve("results.csv");
    assertEquals(ScanJob.OK, run(vertx, "X:0:9:AAA", csv));
    String text = Files.readString(csv);
    assertTrue(text.startsWith("symbol,ltp,change_pct,volume_ratio"), text);
    assertTrue(text.contains("\nAAA,100,0,2.73,"), text);
  }

  @Test
  void printsATableWithoutOutFile(Vertx vertx) {
    assertEquals(ScanJob.OK, run(vertx, "/X_0_9_AAA", null));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("AAA") && table.contains("X:0:9:AAA:2.5: 1 of 1 symbols"), table);
  }

  @Test
  void aBadCodeExitsTwoWithTheMessageOnStderr(Vertx vertx) {
    assertEquals(ScanJob.BAD_CODE, run(vertx, "X:12:99", null));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("scan '99' is not supported"), err.toString());
  }
}
