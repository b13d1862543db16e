package marketgate.workers.ticks.kite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import marketgate.shared.model.TickBatch;
import marketgate.workers.ticks.kite.KitePacketDecoder.Malformed;
import org.junit.jupiter.api.Test;

class KitePacketDecoderTest {
  private static final int INFY = 408065;
  private static final int NIFTY = 256265; // segment 9: an index
  private static final long RECEIVED = 1_700_000_000_123L;

  private final KitePacketDecoder decoder = new KitePacketDecoder();

  @Test
  void fullPacketDecodesToEveryFieldOfKitesMock() {
    Buffer packet = KiteFrames.resourcePacket("ticker_full.packet");
    assertEquals(184, packet.length());
    JsonObject expected = new JsonObject(KiteFrames.resourceText("ticker_full.json"));

    JsonObject actual = KitePacketDecoder.decodePacket(packet, 0, packet.length()).toJson();

    assertSameFields(expected, actual, "");
    assertEquals(plus(expected.fieldNames(), "change_percent"), actual.fieldNames());
  }

  @Test
  void quotePacketDecodesToTheFieldsOfKitesMock() {
    Buffer packet = KiteFrames.resourcePacket("ticker_quote.packet");
    assertEquals(44, packet.length());
    JsonObject expected = new JsonObject(KiteFrames.resourceText("ticker_quote.json"));

    JsonObject actual = KitePacketDecoder.decodePacket(packet, 0, packet.length()).toJson();

    // The mock's change (5.9) was copied from the full mock; this packet's own is last - close.
    assertEquals(1573.15 - 1567.8, actual.getDouble("change"), 1e-9);
    expected.remove("change");
    assertSameFields(expected, actual, "");
    assertEquals(plus(expected.fieldNames(), "change", "change_percent"), actual.fieldNames());
  }

  @Test
  void ltpPacketDecodesToTheFieldsOfKitesMock() {
    JsonObject expected = new JsonObject(KiteFrames.resourceText("ticker_ltp.json"));
    List<KiteTick> ticks = decoder.decodeTicks(KiteFrames.frame(KiteFrames.ltp(INFY, 157315)));

    assertEquals(1, ticks.size());
    JsonObject actual = ticks.get(0).toJson();
    assertSameFields(expected, actual, "");
    assertEquals(expected.fieldNames(), actual.fieldNames());
  }

  @Test
  void fastPathCarriesTheFullPacketsPriceVolumeOiAndExchangeTime() {
    Buffer frame = KiteFrames.frame(KiteFrames.resourcePacket("ticker_full.packet"),
        KiteFrames.resourcePacket("ticker_quote.packet"), KiteFrames.ltp(INFY, 157315));
    TickBatch batch = new TickBatch(KitePacketDecoder.declaredCount(frame));

    assertEquals(3, decoder.decode(frame, RECEIVED, batch));

    assertEquals(3, batch.size());
    assertEquals(INFY, batch.token(0));
    assertEquals(1573.7, batch.price(0));
    assertEquals(1192471, batch.cumulativeVolume(0));
    assertEquals(0, batch.openInterest(0));
    assertEquals(Instant.parse("2021-07-05T05:11:27Z").toEpochMilli(), batch.epochMillis(0));
    assertEquals(1573.15, batch.price(1));
    assertEquals(1175986, batch.cumulativeVolume(1));
    assertEquals(RECEIVED, batch.epochMillis(1), "a quote packet has no exchange time");
    assertEquals(TickBatch.NO_VOLUME, batch.cumulativeVolume(2), "an ltp packet has no volume");
    assertEquals(RECEIVED, batch.epochMillis(2));
    assertEquals(1, decoder.frames());
    assertEquals(3, decoder.packets());
    assertEquals(0, decoder.malformedTotal());
  }

  @Test
  void fullPacketOpenInterestReachesTheBatch() {
    Buffer frame = KiteFrames.frame(KiteFrames.full(INFY, 150000, 42_000, 3_500_000_000L, 1_775_451_000L));
    TickBatch batch = new TickBatch(1);
    decoder.decode(frame, RECEIVED, batch);

    assertEquals(3_500_000_000L, batch.openInterest(0), "OI is unsigned");
    assertEquals(42_000, batch.cumulativeVolume(0));
    assertEquals(1_775_451_000_000L, batch.epochMillis(0));
  }

  @Test
  void indexFullPacketHasOhlcInIndexOrderChangeAsKitesPythonClientAndExchangeTime() {
    // ltp 18000.00, high 18100.00, low 17800.00, open 17850.00, close 17900.00
    Buffer frame = KiteFrames.frame(KiteFrames.index(NIFTY, 1800000, 1810000, 1780000, 1785000, 1790000, 1_775_451_000L));

    KiteTick tick = decoder.decodeTicks(frame).get(0);

    assertEquals(KiteTick.MODE_FULL, tick.mode());
    assertFalse(tick.tradable());
    assertEquals(18000.0, tick.lastPrice());
    assertEquals(new KiteTick.Ohlc(17850.0, 18100.0, 17800.0, 17900.0), tick.ohlc());
    assertEquals((18000.0 - 17900.0) * 100 / 17900.0, tick.changePercent());
    assertEquals(100.0, tick.change());
    assertEquals(Instant.ofEpochSecond(1_775_451_000L), tick.exchangeTimestamp());
    assertNull(tick.depth());

    TickBatch batch = new TickBatch(1);
    decoder.decode(frame, RECEIVED, batch);
    assertEquals(18000.0, batch.price(0));
    assertEquals(TickBatch.NO_VOLUME, batch.cumulativeVolume(0));
    assertEquals(1_775_451_000_000L, batch.epochMillis(0));
  }

  @Test
  void indexQuotePacketHasNoTimeAndZeroCloseGivesZeroChange() {
    Buffer frame = KiteFrames.frame(KiteFrames.index(NIFTY, 1800000, 1810000, 1780000, 1785000, 0, null));

    KiteTick tick = decoder.decodeTicks(frame).get(0);
    assertEquals(KiteTick.MODE_QUOTE, tick.mode());
    assertEquals(0.0, tick.changePercent());
    assertEquals(0.0, tick.change());
    assertNull(tick.exchangeTimestamp());
    assertFalse(tick.toJson().containsKey("volume"), "indices carry no quantities");

    TickBatch batch = new TickBatch(1);
    decoder.decode(frame, RECEIVED, batch);
    assertEquals(RECEIVED, batch.epochMillis(0));
  }

  @Test
  void currencyDerivativePricesAreDividedBy1e7AndBcdBy1e4() {
    int cds = (1234 << 8) | 3;
    int bcd = (5678 << 8) | 6;
    int nse = (91011 << 8) | 1;
    Buffer frame = KiteFrames.frame(KiteFrames.ltp(cds, 832512500), KiteFrames.ltp(bcd, 832512),
        KiteFrames.ltp(nse, 832512));
    TickBatch batch = new TickBatch(3);
    decoder.decode(frame, RECEIVED, batch);

    assertEquals(83.25125, batch.price(0));
    assertEquals(83.2512, batch.price(1));
    assertEquals(8325.12, batch.price(2));
    assertEquals(83.25125, decoder.decodeTicks(frame).get(0).lastPrice());
  }

  @Test
  void frameUnderTwoBytesIsAHeartbeat() {
    TickBatch batch = new TickBatch(1);
    assertEquals(0, decoder.decode(Buffer.buffer(new byte[] {0}), RECEIVED, batch));
    assertEquals(0, decoder.decode(Buffer.buffer(), RECEIVED, batch));

    assertEquals(2, decoder.heartbeats());
    assertEquals(2, decoder.frames());
    assertEquals(0, decoder.malformedTotal());
    assertTrue(batch.isEmpty());
  }

  @Test
  void truncatedFrameKeepsThePacketsBeforeTheCut() {
    Buffer whole = KiteFrames.frame(KiteFrames.ltp(INFY, 100), KiteFrames.ltp(INFY, 200));
    Buffer cut = whole.getBuffer(0, whole.length() - 9); // ends inside the second length field
    TickBatch batch = new TickBatch(2);

    assertEquals(1, decoder.decode(cut, RECEIVED, batch));
    assertEquals(1.0, batch.price(0));
    assertEquals(1, decoder.malformed(Malformed.TRUNCATED));
  }

  @Test
  void lengthPastTheEndOfTheFrameDropsOnlyTheRest() {
    Buffer frame = KiteFrames.frame(KiteFrames.ltp(INFY, 100), KiteFrames.ltp(INFY, 200));
    frame.setUnsignedShort(2 + 2 + 8, 44); // second packet claims 44 bytes, 8 are there
    TickBatch batch = new TickBatch(2);

    assertEquals(1, decoder.decode(frame, RECEIVED, batch));
    assertEquals(1, decoder.malformed(Malformed.BAD_LENGTH));
  }

  @Test
  void packetOfUnknownLengthIsSkippedAndTheFrameGoesOn() {
    Buffer odd = Buffer.buffer(new byte[50]);
    Buffer frame = KiteFrames.frame(KiteFrames.ltp(INFY, 100), odd, KiteFrames.ltp(INFY, 300));
    TickBatch batch = new TickBatch(3);

    assertEquals(2, decoder.decode(frame, RECEIVED, batch));
    assertEquals(3.0, batch.price(1));
    assertEquals(1, decoder.malformed(Malformed.UNKNOWN_LENGTH));
    assertEquals(2, decoder.packets());
  }

  @Test
  void countThatDisagreesWithTheBytesIsCountedAsBadCount() {
    Buffer frame = KiteFrames.frame(KiteFrames.ltp(INFY, 100), KiteFrames.ltp(INFY, 200));
    frame.setUnsignedShort(0, 1); // says one packet, carries two
    TickBatch batch = new TickBatch(2);
    assertEquals(1, decoder.decode(frame, RECEIVED, batch));

    Buffer zero = Buffer.buffer().appendUnsignedShort(0).appendBytes(new byte[10]);
    assertEquals(0, decoder.decode(zero, RECEIVED, batch));

    assertEquals(2, decoder.malformed(Malformed.BAD_COUNT));
    assertEquals(2, decoder.malformedJson().getLong("bad_count"));
  }

  @Test
  void randomBytesAreCountedNeverThrown() {
    Random random = new Random(20261122);
    TickBatch batch = new TickBatch(16);
    int frames = 20_000;
    for (int i = 0; i < frames; i++) {
      byte[] bytes = new byte[random.nextInt(600)];
      random.nextBytes(bytes);
      if (i % 3 == 0 && bytes.length > 2) {
        bytes[0] = 0; // small counts too, so packet walking is exercised, not only huge counts
        bytes[1] = (byte) random.nextInt(8);
      }
      Buffer frame = Buffer.buffer(bytes);
      decoder.decode(frame, RECEIVED, batch);
      decoder.decodeTicks(frame);
    }
    assertEquals(2L * frames, decoder.frames());
    assertTrue(decoder.malformedTotal() > frames, "garbage is counted: " + decoder.malformedJson());
  }

  @Test
  void hotPathAllocatesNothingPerTick() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Buffer frame = KiteFrames.frame(KiteFrames.resourcePacket("ticker_full.packet"),
        KiteFrames.resourcePacket("ticker_quote.packet"), KiteFrames.ltp(INFY, 157315));
    int rounds = 50_000;
    TickBatch batch = new TickBatch(3 * rounds * 2);
    for (int i = 0; i < rounds; i++) {
      decoder.decode(frame, RECEIVED, batch); // warm up
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < rounds; i++) {
      decoder.decode(frame, RECEIVED, batch);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;

    assertEquals(3 * rounds * 2, batch.size());
    // 150,000 ticks: one object per tick would be at least 2.4 MB
    assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + 3 * rounds + " ticks");
  }

  private static Set<String> plus(Set<String> names, String... more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(List.of(more));
    return all;
  }

  /** Every field of {@code expected} is in {@code actual} with the same value; numbers by value. */
  private static void assertSameFields(Object expected, Object actual, String path) {
    if (expected instanceof JsonObject e) {
      assertTrue(actual instanceof JsonObject, path + " is not an object: " + actual);
      JsonObject a = (JsonObject) actual;
      for (String key : e.fieldNames()) {
        assertTrue(a.containsKey(key), "missing " + path + "." + key);
        assertSameFields(e.getValue(key), a.getValue(key), path + "." + key);
      }
    } else if (expected instanceof JsonArray e) {
      assertTrue(actual instanceof JsonArray, path + " is not an array: " + actual);
      JsonArray a = (JsonArray) actual;
      assertEquals(e.size(), a.size(), path + " length");
      for (int i = 0; i < e.size(); i++) {
        assertSameFields(e.getValue(i), a.getValue(i), path + "[" + i + "]");
      }
    } else if (expected instanceof Number e) {
      assertTrue(actual instanceof Number, path + " is not a number: " + actual);
      assertEquals(e.doubleValue(), ((Number) actual).doubleValue(), 0.0, path);
    } else {
      assertEquals(expected, actual, path);
    }
  }
}
