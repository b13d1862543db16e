package marketgate.workers.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.Test;

class DatedFilesTest {
  private static ZonedDateTime at(String date, String time) {
    return ZonedDateTime.of(LocalDate.parse(date), LocalTime.parse(time), MarketClock.IST);
  }

  @Test
  void theDaysFirstFileIsFullAndLaterOnesStartAtTheLastPublishedVersion() {
    DatedFiles dated = new DatedFiles();
    DatedFiles.Plan first = dated.plan(at("2026-11-20", "09:20:05"));
    assertTrue(first.full());
    assertEquals("data/candles/2026-11-20/candles_0920.json.gz", first.path());
    dated.published(first, 40, "t1");
    DatedFiles.Plan second = dated.plan(at("2026-11-20", "09:25:00"));
    assertEquals(40, second.sinceVersion());
    assertEquals(List.of("candles_0920.json.gz", "candles_0925.json.gz"), dated.names(second, List.of()));
  }

  @Test
  void aFailedPublishIsCoveredByTheNextFile() {
    DatedFiles dated = new DatedFiles();
    DatedFiles.Plan first = dated.plan(at("2026-11-20", "09:20:00"));
    dated.published(first, 40, "t1");
    dated.plan(at("2026-11-20", "09:25:00")); // fails: never published
    DatedFiles.Plan third = dated.plan(at("2026-11-20", "09:30:00"));
    assertEquals(40, third.sinceVersion(), "changes since the last SUCCESSFUL file");
  }

  @Test
  void aSecondPublishInTheSameMinuteRewritesTheFileFromTheSameBase() {
    DatedFiles dated = new DatedFiles();
    dated.published(dated.plan(at("2026-11-20", "09:20:00")), 40, "t1");
    DatedFiles.Plan a = dated.plan(at("2026-11-20", "09:21:01"));
    dated.published(a, 55, "t2");
    DatedFiles.Plan b = dated.plan(at("2026-11-20", "09:21:02"));
    assertEquals(a.name(), b.name());
    assertEquals(40, b.sinceVersion(), "the rewritten file must still hold what the first one held");
  }

  @Test
  void aNewDayStartsWithAFullFile() {
    DatedFiles dated = new DatedFiles();
    dated.published(dated.plan(at("2026-11-20", "15:25:00")), 40, "t1");
    DatedFiles.Plan next = dated.plan(at("2026-11-23", "09:15:30"));
    assertTrue(next.full());
    assertEquals(List.of("candles_0915.json.gz"), dated.names(next, List.of()));
  }
}
