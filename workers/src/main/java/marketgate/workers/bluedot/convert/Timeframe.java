package marketgate.workers.bluedot.convert;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Daily or weekly batches, and the label of their folder ({@code 2024-08-02}, {@code 2024-W31}). */
public enum Timeframe {
  DAILY("daily"),
  WEEKLY("weekly");

  private static final Pattern ISO_WEEK = Pattern.compile("^(\\d{4})-W(\\d{2})$");

  private final String folder;

  Timeframe(String folder) {
    this.folder = folder;
  }

  /** The folder name under {@code pages/}. */
  public String folder() {
    return folder;
  }

  public static Timeframe parse(String text) {
    for (Timeframe t : values()) {
      if (t.folder.equalsIgnoreCase(text == null ? "" : text.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("timeframe '" + text + "' is not one of daily, weekly");
  }

  /**
   * The batch label for a date or week given by a trigger or the command line: daily takes
   * {@code YYYY-MM-DD}; weekly takes {@code YYYY-Www} or any date inside that ISO week.
   */
  public String label(String text) {
    String value = text == null ? "" : text.strip();
    if (this == WEEKLY) {
      Matcher week = ISO_WEEK.matcher(value.toUpperCase(Locale.ROOT));
      if (week.matches()) {
        int w = Integer.parseInt(week.group(2));
        LocalDate midYear = LocalDate.of(Integer.parseInt(week.group(1)), 6, 1);
        if (w < 1 || w > IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(midYear).getMaximum()) {
          throw new IllegalArgumentException("week '" + text + "' does not exist");
        }
        return value.toUpperCase(Locale.ROOT);
      }
      return weekLabel(parseDate(value, "YYYY-MM-DD or YYYY-Www"));
    }
    return parseDate(value, "YYYY-MM-DD").toString();
  }

  static String weekLabel(LocalDate date) {
    return String.format(Locale.ROOT, "%04d-W%02d",
        date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static LocalDate parseDate(String value, String allowed) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date '" + value + "' is not " + allowed);
    }
  }
}
