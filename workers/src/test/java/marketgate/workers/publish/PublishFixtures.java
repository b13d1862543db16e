package marketgate.workers.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.zip.GZIPInputStream;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;

/** A small universe, IST times and a gzip JSON reader for publish tests. */
final class PublishFixtures {
  static final int INFY = 408065;
  static final int TCS = 2953217;
  static final int NIFTY = 256265;
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  static final ObjectMapper JSON = new ObjectMapper();

  private PublishFixtures() {}

  static CandleStore store() {
    Universe universe = new Universe(List.of(
        new Instrument(INFY, "INFY", "NSE", 1, 1500, 1_000_000),
        new Instrument(TCS, "TCS", "NSE", 1, 3500, 500_000),
        new Instrument(NIFTY, "NIFTY 50", "NSE", 9, 24000, 0)));
    return new CandleStore(universe, MarketgateConfig.defaults().ticks().ringSize(), false);
  }

  static long millis(String time) {
    return ZonedDateTime.of(DAY, LocalTime.parse(time), MarketClock.IST).toInstant().toEpochMilli();
  }

  static long seconds(String time) {
    return millis(time) / 1000;
  }

  static long tick(CandleStore store, int token, double price, long cumVolume, String time) {
    return store.apply(new TickBatch(1).add(token, price, cumVolume, 0, millis(time)));
  }

  static JsonNode gunzipJson(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return JSON.readTree(in);
    }
  }
}
