package marketgate.workers.scans.rules;

import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorSet;

final class RuleTestSupport {
  private RuleTestSupport() {}

  /** The scan's rule on the series, with the given arguments or else the scan's defaults. */
  static Match run(Scan scan, SeriesBuilder builder, double... args) {
    DailySeries s = builder.build();
    double[] a = args.length > 0 ? args : scan.params().stream().mapToDouble(Param::defaultValue).toArray();
    return scan.rule().test(s, IndicatorSet.of(s), a);
  }

  static IndicatorSet indicators(SeriesBuilder builder) {
    return IndicatorSet.of(builder.build());
  }
}
