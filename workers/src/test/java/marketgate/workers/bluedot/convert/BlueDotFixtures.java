package marketgate.workers.bluedot.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Sample files from test resources and small edits of them. */
final class BlueDotFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The samples were fetched on 2025-08-02 IST (responseHeader.asOfDate). */
  static final Clock FETCH_DAY = Clock.fixed(Instant.parse("2025-08-02T06:30:00Z"), ZoneOffset.UTC);

  private BlueDotFixtures() {}

  static byte[] sample(String name) {
    try (InputStream in = BlueDotFixtures.class.getResourceAsStream("/bluedot/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String name) throws IOException {
    return (ObjectNode) JSON.readTree(sample(name));
  }

  /** The daily sample under another symbol. */
  static byte[] dailyAs(String symbol) throws IOException {
    ObjectNode root = tree("DIX_daily.json");
    ((ObjectNode) root.path("chart").path("peripheralData")).put("symbol", symbol + ".IN");
    return JSON.writeValueAsBytes(root);
  }

  static void put(Path folder, String name, byte[] content) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve(name), content);
  }
}
