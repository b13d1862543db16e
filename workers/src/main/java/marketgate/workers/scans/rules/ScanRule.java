package marketgate.workers.scans.rules;

import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorSet;

/** One scan's rule over a symbol's daily series (newest row = today) and today's indicators. */
@FunctionalInterface
public interface ScanRule {
  /** @param args the scan's arguments, defaults filled in, in the order of its parameters */
  Match test(DailySeries series, IndicatorSet indicators, double[] args);
}
