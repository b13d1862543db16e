package marketgate.workers.ticks;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;

/** A tiny universe and IST times for candle store tests. */
final class StoreFixtures {
  static final int INFY = 408065;
  static final int TCS = 2953217;
  static final int NIFTY = 256265;
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  private StoreFixtures() {}

  static Universe universe() {
    return new Universe(List.of(
        new Instrument(INFY, "INFY", "NSE", 1, 1500, 1_000_000),
        new Instrument(TCS, "TCS", "NSE", 1, 3500, 500_000),
        new Instrument(NIFTY, "NIFTY 50", "NSE", 9, 24000, 0)));
  }

  static CandleStore store() {
    return new CandleStore(universe(), MarketgateConfig.defaults().ticks().ringSize(), false);
  }

  static long millis(String time) {
    return millis(DAY, time);
  }

  static long millis(LocalDate day, String time) {
    return ZonedDateTime.of(day, LocalTime.parse(time), MarketClock.IST).toInstant().toEpochMilli();
  }

  static long seconds(String time) {
    return millis(time) / 1000;
  }
}
