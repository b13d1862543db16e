package marketgate.workers.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PublishHealthTest {
  private static final long NOW = 1_795_000_000_000L;

  @Test
  void freshnessIsTheAgeOfTheNewestTick() {
    assertEquals(90, PublishHealth.freshnessSeconds(NOW - 90_000, NOW - 90_000, NOW));
    assertEquals(90, PublishHealth.freshnessSeconds(NOW - 90_000, 0, NOW), "no live batch (recovered store)");
    assertNull(PublishHealth.freshnessSeconds(0, 0, NOW), "no tick yet: unknown, not zero");
  }

  @Test
  void aFeedOnAnotherClockIsFreshWhenItsBatchesKeepComing() {
    // The simulator replays Friday's session on a Sunday: its ticks are two days old by the wall clock.
    long fridayTick = NOW - 2 * 86_400_000L;
    assertEquals(1, PublishHealth.freshnessSeconds(fridayTick, NOW - 1_000, NOW));
    assertEquals(1_200, PublishHealth.freshnessSeconds(fridayTick, NOW - 1_200_000, NOW), "a feed that stopped ages");
  }
}
