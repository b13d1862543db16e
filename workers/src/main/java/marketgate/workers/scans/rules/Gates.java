package marketgate.workers.scans.rules;

import marketgate.shared.config.ScansConfig;
import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorSet;

/**
 * The checks of SCANS.md applied before every scan: a tradable price, some liquidity, and not a
 * stock stuck in a deep downtrend (PKScreener's stage filter).
 */
public record Gates(double minPrice, double maxPrice, long minVolume) {

  public static Gates from(ScansConfig config) {
    return new Gates(config.minPrice(), config.maxPrice(), config.minVolume());
  }

  public boolean pass(DailySeries s, IndicatorSet ind) {
    return s.size() > 0 && priceInRange(s) && liquid(s, ind) && !deepDowntrend(s, ind);
  }

  boolean priceInRange(DailySeries s) {
    double close = s.close()[s.size() - 1];
    return close >= minPrice && close <= maxPrice;
  }

  boolean liquid(DailySeries s, IndicatorSet ind) {
    return ind.volMa20() >= minVolume || s.volume()[s.size() - 1] >= minVolume;
  }

  /** Close under twice its one-year low and under 75% of its one-year high. */
  boolean deepDowntrend(DailySeries s, IndicatorSet ind) {
    double close = s.close()[s.size() - 1];
    return close < 2 * ind.yearMinClose() && close < 0.75 * ind.yearMaxClose();
  }
}
