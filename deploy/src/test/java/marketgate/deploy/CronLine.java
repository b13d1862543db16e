package marketgate.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A five-field POSIX cron line as GitHub Actions schedules accept it: minute, hour, day of month,
 * month, day of week; each field a list of {@code *}, {@code n} or {@code n-m}, the first and last
 * optionally with {@code /step}. Months and weekdays also by name (JAN, MON).
 */
final class CronLine {
  private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 6};
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private CronLine() {}

  /** The problems of a cron line; empty when it is valid. */
  static List<String> problems(String line) {
    List<String> problems = new ArrayList<>();
    String[] fields = line.trim().split("\\s+");
    if (fields.length != 5) {
      problems.add("'" + line + "' has " + fields.length + " fields, cron needs 5");
      return problems;
    }
    for (int i = 0; i < 5; i++) {
      for (String item : fields[i].split(",", -1)) {
        String problem = item(item, i);
        if (problem != null) {
          problems.add(NAMES[i] + " '" + fields[i] + "': " + problem);
        }
      }
    }
    return problems;
  }

  private static String item(String item, int field) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      Integer step = number(item.substring(slash + 1), -1);
      if (step == null || step < 1 || step > MAX[field]) {
        return "step '" + item.substring(slash + 1) + "' must be 1.." + MAX[field];
      }
      if (!range.equals("*") && !range.contains("-")) {
        return "a step needs * or a range before it";
      }
    }
    if (range.equals("*")) {
      return null;
    }
    String[] ends = range.split("-", -1);
    if (ends.length > 2) {
      return "'" + range + "' is not a range";
    }
    Integer low = number(ends[0], field);
    Integer high = ends.length == 2 ? number(ends[1], field) : low;
    if (low == null || high == null) {
      return "'" + range + "' is not a number or name";
    }
    if (low < MIN[field] || high > MAX[field]) {
      return "'" + range + "' is outside " + MIN[field] + ".." + MAX[field];
    }
    if (low > high) {
      return "range '" + range + "' runs backwards";
    }
    return null;
  }

  private static Integer number(String text, int field) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (field == 3 && MONTHS.contains(upper)) {
      return MONTHS.indexOf(upper) + 1;
    }
    if (field == 4 && DAYS.contains(upper)) {
      return DAYS.indexOf(upper);
    }
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 3) {
      return null;
    }
    return Integer.parseInt(text);
  }
}
