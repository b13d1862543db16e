package marketgate.workers.publish;

import static marketgate.workers.publish.PublishFixtures.INFY;
import static marketgate.workers.publish.PublishFixtures.TCS;
import static marketgate.workers.publish.PublishFixtures.gunzipJson;
import static marketgate.workers.publish.PublishFixtures.seconds;
import static marketgate.workers.publish.PublishFixtures.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.model.Interval;
import marketgate.workers.ticks.CandleStore;
import org.junit.jupiter.api.Test;

class CandleSnapshotWriterTest {

  private static JsonNode full(CandleStore store, long since, long now) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CandleSnapshotWriter(store, 100).writeGzip(out, since, now);
    return gunzipJson(out.toByteArray());
  }

  @Test
  void fullSnapshotHasTheFormatsShapeForEveryInstrumentWithTicks() throws IOException {
    CandleStore store = PublishFixtures.store();
    tick(store, INFY, 1500.05, 1000, "09:15:10");
    tick(store, INFY, 1502.4, 1500, "09:16:30");
    tick(store, TCS, 3500, 200, "09:20:00");
    JsonNode root = full(store, 0, seconds("09:16:59"));

    assertEquals(List.of("INFY", "TCS"), fieldNames(root), "NIFTY has no ticks, so it is left out");
    JsonNode infy = root.get("INFY");
    assertEquals(INFY, infy.get("token").asInt());
    assertEquals("INFY", infy.get("symbol").asText());
    List<String> labels = new ArrayList<>();
    for (Interval interval : Interval.all()) {
      labels.add(interval.label());
    }
    assertEquals(labels, fieldNames(infy.get("candles")));
    JsonNode minutes = infy.get("candles").get("1m");
    assertEquals(2, minutes.size());
    JsonNode first = minutes.get(0);
    assertEquals(List.of("timestamp", "open", "high", "low", "close", "volume", "oi", "tick_count", "is_complete"),
        fieldNames(first));
    assertEquals(seconds("09:15:00"), first.get("timestamp").asLong());
    assertEquals(1500.05, first.get("open").asDouble());
    assertTrue(first.get("is_complete").asBoolean(), "09:15 candle is complete at 09:16:59");
    assertFalse(minutes.get(1).get("is_complete").asBoolean(), "09:16 candle is still open at 09:16:59");
    assertEquals(1502.4, infy.get("day_ohlcv").get("close").asDouble());
    assertEquals(1500, infy.get("day_ohlcv").get("volume").asLong(), "day volume is the cumulative volume");
    assertEquals(2, infy.get("candles").get("day").get(0).get("tick_count").asInt());
  }

  @Test
  void incrementalHoldsOnlyCandlesChangedSinceTheVersion() throws IOException {
    CandleStore store = PublishFixtures.store();
    tick(store, INFY, 1500, 1000, "09:15:10");
    long version = tick(store, TCS, 3500, 200, "09:15:20");
    tick(store, INFY, 1501, 1200, "09:21:00");
    JsonNode root = full(store, version, seconds("09:22:00"));

    assertEquals(List.of("INFY"), fieldNames(root), "TCS did not change");
    JsonNode candles = root.get("INFY").get("candles");
    assertEquals(1, candles.get("1m").size());
    assertEquals(seconds("09:21:00"), candles.get("1m").get(0).get("timestamp").asLong());
    assertEquals(seconds("09:20:00"), candles.get("5m").get(0).get("timestamp").asLong());
    assertEquals(1, candles.get("day").size());
  }

  @Test
  void incrementalOfAnUnchangedStoreIsAnEmptyObject() throws IOException {
    CandleStore store = PublishFixtures.store();
    long version = tick(store, INFY, 1500, 1000, "09:15:10");
    assertEquals(0, full(store, version, seconds("09:22:00")).size());
  }

  @Test
  void pricesReadBackAsExactlyTheDoublesHeld() throws IOException {
    double[] values = {0.05, 0.07, 1500.05, 1500.5, 1500.0, 0.0, -3.25, 123.4567, 1500.0500000000002, 24123.45,
        1e-7, 9.99e12, 3.2e15, Double.MIN_VALUE, 0.1 + 0.2};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonOutput numbers = new JsonOutput();
    try (JsonGenerator gen = JsonOutput.generator(out)) {
      gen.writeStartArray();
      for (double v : values) {
        numbers.price(gen, v);
      }
      gen.writeEndArray();
    }
    JsonNode array = PublishFixtures.JSON.readTree(out.toByteArray());
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], array.get(i).asDouble(), "value " + i + " written as " + array.get(i));
    }
    assertTrue(out.toString().startsWith("[0.05,0.07,1500.05,1500.5,1500.0,0.0,-3.25,"), out.toString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
