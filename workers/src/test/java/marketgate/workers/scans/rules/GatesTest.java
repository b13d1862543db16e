package marketgate.workers.scans.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorSet;
import org.junit.jupiter.api.Test;

class GatesTest {
  private final Gates gates = Gates.from(MarketgateConfig.defaults().scans());

  private boolean pass(SeriesBuilder b) {
    DailySeries s = b.build();
    return gates.pass(s, IndicatorSet.of(s));
  }

  @Test
  void aLiquidStockAtAFairPricePasses() {
    assertTrue(pass(SeriesBuilder.flat(260, 100, 100_000)));
  }

  @Test
  void priceMustLieBetweenTheConfiguredBounds() {
    assertFalse(pass(SeriesBuilder.flat(260, 19.9, 100_000)));
    assertTrue(pass(SeriesBuilder.flat(260, 20, 100_000)));
    assertFalse(pass(SeriesBuilder.flat(260, 50_001, 100_000)));
  }

  @Test
  void volumeGateNeedsEitherTheAverageOrTodayAtTheMinimum() {
    assertFalse(pass(SeriesBuilder.flat(260, 100, 5_000)));
    assertTrue(pass(SeriesBuilder.flat(260, 100, 5_000).volume(0, 10_000)), "today's volume alone");
    // 19 rows of 10,500 and today 500: VolMA20 = 10,000 exactly.
    SeriesBuilder average = SeriesBuilder.flat(260, 100, 10_500).volume(0, 500);
    assertTrue(pass(average), "the 20-day average alone");
  }

  @Test
  void stageFilterRejectsOnlyWhenBothNearTheLowAndFarBelowTheHigh() {
    // Fell from 200 to 100: under 2 x low (100) and under 75% of high (200).
    assertFalse(pass(SeriesBuilder.flat(260, 100, 100_000).trend(-0.27, 100)));
    // Under 75% of the high but more than twice the low: passes.
    SeriesBuilder recovered = SeriesBuilder.flat(260, 90, 100_000).row(200, 200, 200.5, 199.5, 200, 100_000)
        .row(100, 40, 40.5, 39.5, 40, 100_000);
    assertTrue(pass(recovered));
    // Near the low but near the high too (a flat stock): passes.
    assertTrue(pass(SeriesBuilder.flat(260, 100, 100_000).row(100, 90, 90.5, 89.5, 90, 100_000)));
  }
}
