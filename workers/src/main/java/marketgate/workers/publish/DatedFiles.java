package marketgate.workers.publish;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which candles the dated file of a publish holds. The day's first file is full; each later one
 * holds the candles changed since the last file that was published successfully, so a failed
 * publish loses nothing. Two publishes in the same minute share a name ({@code candles_HHMM}):
 * the second then covers everything the first did (same base version), so overwriting it is safe.
 */
final class DatedFiles {
  private LocalDate day;
  private String lastName;
  private long lastBase;
  private long lastVersion;
  private final TreeSet<String> names = new TreeSet<>();
  private String lastFull;
  private String lastIncremental;

  /** The file to write now. {@code sinceVersion} 0 means full. */
  record Plan(LocalDate day, String name, long sinceVersion) {
    String path() {
      return "data/candles/" + day + "/" + name;
    }

    boolean full() {
      return sinceVersion == 0;
    }
  }

  synchronized Plan plan(ZonedDateTime publishIst) {
    LocalDate today = publishIst.toLocalDate();
    String name = String.format("candles_%02d%02d.json.gz", publishIst.getHour(), publishIst.getMinute());
    if (!today.equals(day)) {
      return new Plan(today, name, 0);
    }
    if (name.equals(lastName)) {
      return new Plan(today, name, lastBase);
    }
    return new Plan(today, name, lastVersion);
  }

  /** Records a successful publish of {@code plan}, taken at store version {@code version}. */
  synchronized void published(Plan plan, long version, String at) {
    if (!plan.day().equals(day)) {
      names.clear();
      lastFull = null;
      lastIncremental = null;
    }
    day = plan.day();
    lastName = plan.name();
    lastBase = plan.sinceVersion();
    lastVersion = version;
    names.add(plan.name());
    if (plan.full()) {
      lastFull = at;
    } else {
      lastIncremental = at;
    }
  }

  /**
   * The day's file names once {@code pending} is published.
   *
   * @param existing names already in the day's folder (written before a restart), or empty
   */
  synchronized List<String> names(Plan pending, List<String> existing) {
    TreeSet<String> all = new TreeSet<>(existing);
    if (pending.day().equals(day)) {
      all.addAll(names);
    }
    all.add(pending.name());
    return new ArrayList<>(all);
  }

  synchronized String lastIncremental() {
    return lastIncremental;
  }

  synchronized String lastFullDated() {
    return lastFull;
  }
}
