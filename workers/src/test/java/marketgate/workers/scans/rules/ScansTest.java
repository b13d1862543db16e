package marketgate.workers.scans.rules;

import static marketgate.workers.scans.rules.RuleTestSupport.indicators;
import static marketgate.workers.scans.rules.RuleTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import marketgate.workers.scans.indicators.IndicatorSet;
import org.junit.jupiter.api.Test;

/** Each scan of SCANS.md on hand-made series: one that passes, and one failing each clause. */
class ScansTest {
  private static final double VOL = 100_000;

  private static SeriesBuilder flat() {
    return SeriesBuilder.flat(260, 100, VOL);
  }

  // ---- 9 volume gainers, and the volume ratio every scan reports

  @Test
  void volumeGainersNeedTodayAtRatioTimesTheTwentyDayAverage() {
    // VolMA20 = (19 x 100k + 400k) / 20 = 115k; ratio 3.48.
    SeriesBuilder spike = flat().volume(0, 400_000);
    assertEquals(400_000 / 115_000.0, indicators(spike).volumeRatio(), 1e-12);
    assertTrue(run(Scan.VOLUME_GAINERS, spike).passed());
    assertFalse(run(Scan.VOLUME_GAINERS, flat().volume(0, 200_000)).passed(), "ratio 1.9 < 2.5");
    assertTrue(run(Scan.VOLUME_GAINERS, flat().volume(0, 200_000), 1.5).passed(), "ratio 1.9 >= 1.5");
  }

  // ---- 2 today's breakouts

  private static SeriesBuilder breakoutDay() {
    return flat().today(100, 104, 99.5, 103, 400_000);
  }

  @Test
  void todaysBreakoutPassesAboveTheMaxCloseOfThePrior21Rows() {
    Match m = run(Scan.TODAYS_BREAKOUTS, breakoutDay());
    assertTrue(m.passed());
    assertEquals(100, m.level(), 1e-12);
  }

  @Test
  void todaysBreakoutFailsBelowTheLevelOnARedCandleOrOnThinVolume() {
    assertFalse(run(Scan.TODAYS_BREAKOUTS, flat().today(99, 100, 98.5, 99.5, 400_000)).passed(), "below level");
    assertFalse(run(Scan.TODAYS_BREAKOUTS, flat().today(104, 105, 102.5, 103, 400_000)).passed(), "close < open");
    assertFalse(run(Scan.TODAYS_BREAKOUTS, flat().today(100, 104, 99.5, 103, 150_000)).passed(), "volume");
  }

  /** The prior 21 rows with highs at the close, so only the wicks set below count as above it. */
  private static SeriesBuilder tightHighs() {
    SeriesBuilder b = breakoutDay();
    for (int back = 1; back <= 21; back++) {
      b.high(back, 100);
    }
    return b;
  }

  @Test
  void breakoutLevelIsTheMaxHighWhenManyRowsPokedAboveTheCloses() {
    SeriesBuilder wicks = tightHighs();
    for (int back = 1; back <= 8; back++) {
      wicks.high(back, 106); // 8 of 21 rows: 22 / 8 = 2.75 <= 3
    }
    assertFalse(run(Scan.TODAYS_BREAKOUTS, wicks).passed(), "103 is under the 106 resistance");
    Match above = run(Scan.TODAYS_BREAKOUTS, wicks.today(100, 108, 99.5, 107, 400_000));
    assertTrue(above.passed());
    assertEquals(106, above.level(), 1e-12);

    SeriesBuilder fewWicks = tightHighs();
    for (int back = 1; back <= 5; back++) {
      fewWicks.high(back, 106); // 22 / 5 = 4.4 > 3: the wicks are noise, the level stays the max close
    }
    assertEquals(100, run(Scan.TODAYS_BREAKOUTS, fewWicks).level(), 1e-12);
  }

  // ---- 1 probable breakouts

  @Test
  void probableBreakoutPassesWithHighVolumeUnderTheBreakoutLevel() {
    Match m = run(Scan.PROBABLE_BREAKOUTS, flat().today(99, 99.5, 97.5, 98, 400_000));
    assertTrue(m.passed());
    assertEquals(100, m.level(), 1e-12);
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, flat().today(99, 99.5, 97.5, 98, 150_000)).passed(), "volume ratio");
  }

  /** Above scan 2's level, near an old 130 high (row 100 back) with quiet highs for 30 rows. */
  private static SeriesBuilder nearOldHigh() {
    return flat().high(100, 130).today(120, 126, 119.5, 125, 400_000);
  }

  @Test
  void probableBreakoutPassesNearTheHighOfTheLongBaseOnVolumeAboveSma200() {
    Match m = run(Scan.PROBABLE_BREAKOUTS, nearOldHigh());
    assertTrue(m.passed());
    assertEquals(130, m.level(), 1e-12);
  }

  @Test
  void probableBreakoutLongBaseFailsOnEachClause() {
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, nearOldHigh().today(118, 120.5, 117.5, 120, 400_000)).passed(),
        "1.05 x 120 = 126 is not above the 130 high");
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, nearOldHigh().high(25, 131)).passed(),
        "the last 30 rows already reached above the base");
    SeriesBuilder heavyPast = nearOldHigh();
    for (int back = 21; back < 200; back++) {
      heavyPast.volume(back, 1_000_000); // SMA200 of volume ~ 0.9M > today's 400k
    }
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, heavyPast).passed(), "volume not above SMA200 of volume");
    SeriesBuilder shortHistory = SeriesBuilder.flat(230, 100, VOL).high(100, 130).today(120, 126, 119.5, 125, 400_000);
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, shortHistory).passed(), "needs 231 rows");
  }

  @Test
  void probableBreakoutShortBasePassesOnVolumeAboveSma50Only() {
    SeriesBuilder b = flat().high(35, 130).today(120, 126, 119.5, 125, 400_000);
    for (int back = 51; back < 200; back++) {
      b.volume(back, 1_000_000); // long-base volume clause fails, SMA50 stays ~106k
    }
    IndicatorSet ind = indicators(b);
    assertTrue(400_000 < ind.smaVolume200() && 400_000 > ind.smaVolume50());
    assertTrue(run(Scan.PROBABLE_BREAKOUTS, b).passed());
    assertFalse(run(Scan.PROBABLE_BREAKOUTS, b.high(35, 100.5).high(100, 130)).passed(),
        "the high is outside rows 31-38 and the long base lacks volume");
  }

  // ---- 3 consolidating

  @Test
  void consolidatingNeedsANonZeroRangeWithinPercentOver22Rows() {
    SeriesBuilder wiggle = flat();
    for (int back = 0; back < 22; back += 2) {
      wiggle.row(back, 95, 95.5, 94.5, 95, VOL);
    }
    assertTrue(run(Scan.CONSOLIDATING, wiggle).passed(), "5% range");
    assertFalse(run(Scan.CONSOLIDATING, flat()).passed(), "a zero range is no consolidation");
    SeriesBuilder wide = flat().row(21, 85, 85.5, 84.5, 85, VOL);
    assertFalse(run(Scan.CONSOLIDATING, wide).passed(), "15% range");
    assertTrue(run(Scan.CONSOLIDATING, wide, 20).passed(), "15% <= 20%");
    assertTrue(run(Scan.CONSOLIDATING, flat().row(22, 50, 50.5, 49.5, 50, VOL).row(3, 97, 97.5, 96.5, 97, VOL))
        .passed(), "row 22 back is outside the window");
  }

  // ---- 4 lowest volume

  @Test
  void lowestVolumeNeedsTodayAtTheMinimumOfNRows() {
    assertTrue(run(Scan.LOWEST_VOLUME, flat().volume(0, 90_000)).passed());
    assertTrue(run(Scan.LOWEST_VOLUME, flat()).passed(), "a tie is the lowest");
    assertFalse(run(Scan.LOWEST_VOLUME, flat().volume(0, 90_000).volume(5, 80_000)).passed());
    assertTrue(run(Scan.LOWEST_VOLUME, flat().volume(0, 90_000).volume(5, 80_000), 5).passed(), "N = 5");
  }

  // ---- 5 RSI range

  @Test
  void rsiRangeComparesTheFlooredRsi() {
    SeriesBuilder zigzag = flat();
    double[] closes = new double[60];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 100 + (i % 2 == 0 ? 0 : 2) + i * 0.2;
    }
    zigzag.path(closes);
    double rsi = indicators(zigzag).rsi14();
    double floor = Math.floor(rsi);
    assertTrue(rsi > floor && rsi > 40 && rsi < 90, "a mid RSI with a fraction: " + rsi);
    assertTrue(run(Scan.RSI_RANGE, zigzag, floor, floor).passed());
    assertFalse(run(Scan.RSI_RANGE, zigzag, floor + 1, 100).passed(), "below min");
    assertFalse(run(Scan.RSI_RANGE, zigzag, 0, floor - 1).passed(), "above max");
    assertTrue(run(Scan.RSI_RANGE, zigzag).passed(), "default 0:100");
  }

  // ---- 10 up 2% for 3 days

  @Test
  void upThreeDaysNeedsEachOfTheLastThreeChangesAtTwoPercent() {
    assertTrue(run(Scan.UP_THREE_DAYS, flat().path(100, 102, 104.04, 106.2)).passed());
    assertFalse(run(Scan.UP_THREE_DAYS, flat().path(100, 101.5, 103.53, 105.6)).passed(), "3 days ago");
    assertFalse(run(Scan.UP_THREE_DAYS, flat().path(100, 102, 103.5, 105.6)).passed(), "2 days ago");
    assertFalse(run(Scan.UP_THREE_DAYS, flat().path(100, 102, 104.04, 105.5)).passed(), "today");
  }

  // ---- 14 NR4

  /** A steady uptrend (SMA10 > SMA50 > SMA200) whose today has the narrowest range of 5 days. */
  private static SeriesBuilder narrowInUptrend() {
    SeriesBuilder b = SeriesBuilder.flat(260, 100, VOL).trend(0.1, 130);
    return b.today(129.9, 130.1, 129.8, 130, 60_000);
  }

  @Test
  void nr4PassesOnTheNarrowestRangeInAnUptrendWithVolume() {
    IndicatorSet ind = indicators(narrowInUptrend());
    assertTrue(ind.smaClose10() > ind.smaClose50() && ind.smaClose50() > ind.smaClose200());
    assertTrue(run(Scan.NR4, narrowInUptrend()).passed());
  }

  @Test
  void nr4FailsOnEachClause() {
    for (int back = 1; back <= 4; back++) {
      SeriesBuilder b = narrowInUptrend();
      b.row(back, 129, 129.1, 128.95, 129, VOL); // a range of 0.15 < today's 0.3
      assertFalse(run(Scan.NR4, b).passed(), "row " + back + " back is narrower");
    }
    assertTrue(run(Scan.NR4, narrowInUptrend().row(5, 129, 129.1, 128.95, 129, VOL)).passed(), "5 back is ignored");
    assertFalse(run(Scan.NR4, flat().today(99.9, 100.1, 99.8, 100, 60_000)).passed(), "no uptrend");
    assertFalse(run(Scan.NR4, narrowInUptrend().volume(0, 50_000)).passed(), "volume must exceed 50,000");
  }

  // ---- 15 and 17: 52-week breaks

  @Test
  void yearLowBreakNeedsTodaysLowAtTheLowestOf250Rows() {
    assertTrue(run(Scan.YEAR_LOW_BREAK, flat().low(0, 95)).passed());
    assertFalse(run(Scan.YEAR_LOW_BREAK, flat().low(0, 95).low(100, 94)).passed());
    assertTrue(run(Scan.YEAR_LOW_BREAK, flat().low(0, 95).low(255, 94)).passed(), "older than 250 rows");
  }

  @Test
  void yearHighBreakNeedsTodaysHighAtTheHighestOf250Rows() {
    assertTrue(run(Scan.YEAR_HIGH_BREAK, flat().high(0, 105)).passed());
    assertFalse(run(Scan.YEAR_HIGH_BREAK, flat().high(0, 105).high(100, 106)).passed());
    assertTrue(run(Scan.YEAR_HIGH_BREAK, flat().high(0, 105).high(255, 106)).passed(), "older than 250 rows");
  }

  // ---- 23 breaking out now

  private static SeriesBuilder smallBodies() {
    SeriesBuilder b = flat();
    for (int back = 1; back <= 10; back++) {
      b.row(back, back % 2 == 0 ? 99.5 : 100.5, 101, 99, back % 2 == 0 ? 100.5 : 99.5, VOL); // |body| = 1
    }
    return b;
  }

  @Test
  void breakingOutNowNeedsAGreenBodyThreeTimesTheAverageBody() {
    assertTrue(run(Scan.BREAKING_OUT_NOW, smallBodies().today(100, 103.5, 99.5, 103, VOL)).passed());
    assertFalse(run(Scan.BREAKING_OUT_NOW, smallBodies().today(100, 103, 99.5, 102.5, VOL)).passed(), "body 2.5");
    assertFalse(run(Scan.BREAKING_OUT_NOW, smallBodies().today(103, 103.5, 99.5, 100, VOL)).passed(), "red body");
  }

  // ---- 27 ATR cross

  private static SeriesBuilder risingWithBigDay() {
    return SeriesBuilder.flat(260, 100, VOL).trend(0.3, 100).today(100, 104, 99.5, 103.5, 150_000);
  }

  @Test
  void atrCrossPassesOnABodyAboveAtrWithStrengthAndVolume() {
    IndicatorSet ind = indicators(risingWithBigDay());
    assertTrue(3.5 >= ind.atr14() && ind.rsi14() >= 55, "atr " + ind.atr14() + " rsi " + ind.rsi14());
    assertTrue(run(Scan.ATR_CROSS, risingWithBigDay()).passed());
  }

  @Test
  void atrCrossFailsOnEachClause() {
    assertFalse(run(Scan.ATR_CROSS, risingWithBigDay().today(100, 100.8, 99.5, 100.3, 150_000)).passed(), "body");
    SeriesBuilder falling = SeriesBuilder.flat(260, 100, VOL).trend(-0.3, 100).today(100, 104, 99.5, 103.5, 150_000);
    assertTrue(indicators(falling).rsi14() < 55);
    assertFalse(run(Scan.ATR_CROSS, falling).passed(), "RSI under 55");
    assertFalse(run(Scan.ATR_CROSS, risingWithBigDay().volume(0, VOL)).passed(), "volume not above SMA7");
  }

  // ---- 31 high momentum

  @Test
  void highMomentumPassesOnATrendWithStrengthAndMoneyFlow() {
    SeriesBuilder trend = SeriesBuilder.flat(260, 100, VOL).trend(0.5, 130);
    assertTrue(run(Scan.HIGH_MOMENTUM, trend).passed());
  }

  @Test
  void highMomentumPassesOnABurstAndFailsWhenNeitherBranchHolds() {
    // A 3% jump after a quiet rise: change, RSI, MFI and CCI all high.
    SeriesBuilder burst = SeriesBuilder.flat(260, 100, VOL).trend(0.3, 100).today(100, 103.5, 99.5, 103, 200_000);
    IndicatorSet ind = indicators(burst);
    assertTrue(ind.changePct() >= 1 && ind.rsi14() >= 68 && ind.mfi14() >= 68 && ind.cci14() >= 110,
        "rsi " + ind.rsi14() + " mfi " + ind.mfi14() + " cci " + ind.cci14());
    assertTrue(run(Scan.HIGH_MOMENTUM, burst).passed());
    assertFalse(run(Scan.HIGH_MOMENTUM, SeriesBuilder.flat(260, 100, VOL).trend(-0.5, 100)).passed(), "downtrend");
  }

  @Test
  void highMomentumTrendBranchFailsOnCloseUnderSma7() {
    double[] closes = new double[41];
    for (int i = 0; i < 40; i++) {
      closes[i] = 100 + i;
    }
    closes[40] = 136;
    SeriesBuilder dip = flat().path(closes);
    IndicatorSet ind = indicators(dip);
    assertTrue(ind.rsi14() >= 50 && ind.mfi14() >= 50 && 136 >= ind.smaClose20() && 136 < ind.smaClose7());
    assertFalse(run(Scan.HIGH_MOMENTUM, dip).passed());
  }

  @Test
  void highMomentumTrendBranchFailsOnMoneyFlowUnderFifty() {
    SeriesBuilder b = flat();
    double[] closes = new double[60];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = 100 + i * 0.4 + (i % 2 == 0 ? 0 : 1.6); // up 2, down 1.2: RSI ~ 62
    }
    b.path(closes);
    for (int back = 0; back < 60; back++) {
      boolean downDay = (59 - back) % 2 == 0;
      b.volume(back, downDay ? 4 * VOL : VOL); // the selling carries the volume
    }
    IndicatorSet ind = indicators(b);
    assertTrue(ind.rsi14() >= 50 && ind.mfi14() < 50, "rsi " + ind.rsi14() + " mfi " + ind.mfi14());
    assertFalse(run(Scan.HIGH_MOMENTUM, b).passed());
  }

  // ---- 0 gates only

  @Test
  void gatesOnlyScanPassesEverything() {
    assertTrue(run(Scan.GATES_ONLY, flat()).passed());
  }
}
