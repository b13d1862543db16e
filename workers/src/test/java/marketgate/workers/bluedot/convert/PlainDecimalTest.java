package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlainDecimalTest {
  private static void same(double value) {
    assertEquals(PlainDecimal.slow(value, 6), PlainDecimal.format(value, 6), "value " + value);
  }

  @Test
  void writesNoExponentWhereDoubleToStringWould() {
    assertEquals("10000000", PlainDecimal.format(1e7, 6));
    assertEquals("0.0001", PlainDecimal.format(1e-4, 6));
    assertEquals("123456789012", PlainDecimal.format(1.23456789012e11, 6));
    assertEquals("0", PlainDecimal.format(1e-9, 6));
    assertEquals("0", PlainDecimal.format(-0.0, 6));
    assertEquals("9238.7", PlainDecimal.format(9238.7, 6));
    assertEquals("16848", PlainDecimal.format(16848, 6));
  }

  @Test
  void equalsBigDecimalForPricesWithUpToSixDecimals() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 40_000; i++) {
      int decimals = random.nextInt(7);
      long units = random.nextLong(1, 10_000_000_000L);
      double value = units / Math.pow(10, decimals);
      same(value);
      same(-value);
    }
  }

  @Test
  void equalsBigDecimalForArbitraryDoublesIncludingRatiosAndHalves() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 40_000; i++) {
      same(random.nextDouble() * Math.pow(10, random.nextInt(-8, 17)));
      same(random.nextDouble(0, 2));
    }
    for (double half : new double[] {0.0000005, 0.0000015, 2.5e-6, 1.0000005, 12345.6789995, 0.1234565}) {
      same(half);
      same(-half);
    }
    same(9.999999999999999e22);
    same(Double.MAX_VALUE);
    same(Double.MIN_VALUE);
  }

  @Test
  void refusesNonFiniteValues() {
    assertThrows(IllegalArgumentException.class, () -> PlainDecimal.format(Double.NaN, 6));
    assertThrows(IllegalArgumentException.class, () -> PlainDecimal.format(Double.POSITIVE_INFINITY, 6));
  }
}
