package marketgate.workers.scans.rules;

import static marketgate.workers.scans.rules.RuleTestSupport.indicators;
import static marketgate.workers.scans.rules.RuleTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Scan 7:4 on hand-drawn bases: four tops, three legs in between, then today. */
class VcpTest {

  /**
   * A base at 80, then straight legs of 6 rows through tops (highs) and lows (lows), ending today at
   * {@code last}. Each row spans 0.5 beyond its body, so a top close of T - 0.5 makes a high of T.
   */
  static SeriesBuilder base(double[] tops, double[] lows, double last) {
    double[] keys = new double[tops.length + lows.length + 2];
    keys[0] = 80;
    int k = 1;
    for (int i = 0; i < tops.length; i++) {
      keys[k++] = tops[i] - 0.5;
      if (i < lows.length) {
        keys[k++] = lows[i] + 0.5;
      }
    }
    keys[k] = last;
    return SeriesBuilder.flat(260, 80, 100_000).through(6, keys);
  }

  private static final double[] TOPS = {100, 99, 99.5, 99};
  private static final double[] LOWS = {88, 92, 95};

  @Test
  void tightTopsWithShrinkingLegsAndRisingLowsPassAtTheirBreakoutLevel() {
    SeriesBuilder vcp = base(TOPS, LOWS, 97);
    assertEquals(4, indicators(vcp).swingHighCount(), "the drawing has exactly four swing highs");
    Match m = run(Scan.VCP, vcp);
    assertTrue(m.passed());
    assertEquals(100, m.level(), 1e-12);
  }

  @Test
  void fewerThanFourTopsAreFewerThanThreeLegs() {
    assertFalse(run(Scan.VCP, base(new double[] {99, 99.5, 99}, new double[] {92, 95}, 97)).passed());
  }

  @Test
  void aTopMoreThanThreePercentUnderTheHighestFails() {
    assertFalse(run(Scan.VCP, base(new double[] {100, 95.5, 99.5, 99}, new double[] {88, 90, 95}, 97)).passed());
  }

  @Test
  void closeUnderEightyPercentOfTheYearHighFails() {
    assertFalse(run(Scan.VCP, base(TOPS, LOWS, 97).high(200, 130)).passed());
  }

  @Test
  void closeAtOrAboveTheBreakoutLevelFails() {
    SeriesBuilder atBo = base(new double[] {99.5, 99, 99.5, 100}, LOWS, 100);
    for (int back = 0; back < 6; back++) {
      atBo.high(back, 100); // keep the fourth top confirmed
    }
    assertEquals(4, indicators(atBo).swingHighCount());
    assertFalse(run(Scan.VCP, atBo).passed());
  }

  @Test
  void closeUnderTheHighestLowBetweenTheTopsFails() {
    assertFalse(run(Scan.VCP, base(TOPS, LOWS, 94.4)).passed());
  }

  @Test
  void aLegNoTighterThanTheOneBeforeFails() {
    // Depths 7.7%, 9%, 4.5%: the second leg is deeper although its low is higher.
    assertFalse(run(Scan.VCP, base(new double[] {97.5, 100, 99.5, 99}, new double[] {90, 91, 95}, 97)).passed());
  }

  @Test
  void lowsThatDoNotRiseFailAlthoughPkScreenerWouldPassThem() {
    // Depths 11.6%, 7%, 5.1% shrink, but the third low (92.5) is under the second (93).
    assertFalse(run(Scan.VCP, base(new double[] {99.5, 100, 97.5, 99}, new double[] {88, 93, 92.5}, 97)).passed());
  }
}
