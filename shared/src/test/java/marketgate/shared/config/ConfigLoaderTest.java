package marketgate.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import marketgate.shared.model.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreValid() {
    MarketgateConfig config = ConfigLoader.load(null, Map.of(), null);
    assertEquals(8080, config.http().port());
    assertEquals("simulator", config.ticks().source());
    assertEquals(List.of("local"), config.publish().targets());
    assertEquals(300, config.publish().marketIntervalSeconds());
  }

  @Test
  void fileThenEnvironmentThenOverrides() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"http\": {\"port\": 9000}, \"ticks\": {\"ringSize\": {\"1m\": 50}}, \"publish\": {\"targets\": [\"local\", \"git\"]}}");
    MarketgateConfig config = ConfigLoader.load(file,
        Map.of("MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS", "1", "MARKETGATE_TICKS_RING_SIZE_5M", "77",
            "MARKETGATE_PUBLISH_TARGETS", "local, github"),
        new JsonObject().put("dataDir", dir.resolve("data").toString()));
    assertEquals(9000, config.http().port());
    assertEquals(50, config.ticks().ringSize(Interval.M1));
    assertEquals(77, config.ticks().ringSize(Interval.M5));
    assertEquals(1, config.publish().marketIntervalSeconds());
    assertEquals(List.of("local", "github"), config.publish().targets());
    assertEquals(dir.resolve("data"), config.dataDir());
  }

  @Test
  void anInvalidValueNamesItsKey() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"http\": {\"port\": 70000}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), null));
    assertEquals("http.port", e.key());
    assertTrue(e.getMessage().contains("70000"), e.getMessage());
  }

  @Test
  void aTypoIsAnUnknownKey() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"publish\": {\"intervalSecs\": 5}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), null));
    assertEquals("publish.intervalSecs", e.key());
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("MARKETGATE_TICKS_SOURCE", "carrier-pigeon"), null));
    assertEquals("ticks.source", e.key());
    ConfigException n = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("MARKETGATE_HTTP_PORT", "eighty"), null));
    assertTrue(n.getMessage().contains("MARKETGATE_HTTP_PORT"), n.getMessage());
  }

  @Test
  void malformedJsonIsReported() throws IOException {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"http\": ");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), null));
    assertEquals("--config", e.key());
  }

  @Test
  void secretsComeFromTheEnvironmentAndAreNeverPrinted() {
    MarketgateConfig config = ConfigLoader.load(null, Map.of("TELEGRAM_WEBHOOK_SECRET", "s3cret"), null);
    assertTrue(config.secrets().matches(Secrets.TELEGRAM_WEBHOOK_SECRET, "s3cret"));
    assertFalse(config.secrets().matches(Secrets.TELEGRAM_WEBHOOK_SECRET, "s3creT"));
    assertFalse(config.secrets().matches(Secrets.GITHUB_TOKEN, ""));
    assertFalse(config.secrets().toString().contains("s3cret"));
    assertFalse(config.toJson().encode().contains("s3cret"));
  }

  @Test
  void environmentNamesAreUpperSnakeCase() {
    assertEquals("MARKETGATE_PUBLISH_GIT_REMOTE", ConfigLoader.envName("publish.git.remote"));
    assertEquals("MARKETGATE_TICKS_RING_SIZE_1M", ConfigLoader.envName("ticks.ringSize.1m"));
  }
}
