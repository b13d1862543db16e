package marketgate.workers.scans.rules;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every scan we support, by its PKScreener number, with its arguments (SCANS.md's table). */
public enum Scan {
  GATES_ONLY("0", "Full screening (gates only)", (s, ind, args) -> Match.PASS),
  PROBABLE_BREAKOUTS("1", "Probable breakouts", Rules::probableBreakout, Param.number("ratio", 2.5, 0.1, 1000)),
  TODAYS_BREAKOUTS("2", "Today's breakouts", Rules::todaysBreakout, Param.number("ratio", 2.5, 0.1, 1000)),
  CONSOLIDATING("3", "Consolidating stocks", Rules::consolidating, Param.number("percent", 10, 0.1, 100)),
  LOWEST_VOLUME("4", "Lowest volume in N days", Rules::lowestVolume, Param.whole("days", 22, 2, 250)),
  RSI_RANGE("5", "RSI range", Rules::rsiRange, Param.whole("min", 0, 0, 100), Param.whole("max", 100, 0, 100)),
  VOLUME_GAINERS("9", "Volume gainers", Rules::volumeGainer, Param.number("ratio", 2.5, 0.1, 1000)),
  UP_THREE_DAYS("10", "Up 2% for 3 days", Rules::upThreeDays),
  NR4("14", "NR4 (narrowest range of 4 days)", Rules::nr4),
  YEAR_LOW_BREAK("15", "52-week low break", Rules::yearLowBreak),
  YEAR_HIGH_BREAK("17", "52-week high break", Rules::yearHighBreak),
  BREAKING_OUT_NOW("23", "Breaking out now", Rules::breakingOutNow),
  ATR_CROSS("27", "ATR cross", Rules::atrCross),
  HIGH_MOMENTUM("31", "High momentum", Rules::highMomentum),
  VCP("7:4", "Volatility contraction pattern (VCP)", Rules::vcp);

  private final String id;
  private final String title;
  private final ScanRule rule;
  private final List<Param> params;

  Scan(String id, String title, ScanRule rule, Param... params) {
    this.id = id;
    this.title = title;
    this.rule = rule;
    this.params = List.of(params);
  }

  /** The number users type: {@code 9}, or {@code 7:4} for a sub-scan. */
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public ScanRule rule() {
    return rule;
  }

  public List<Param> params() {
    return params;
  }

  public static Optional<Scan> byId(String id) {
    return Stream.of(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  /** {@code 0 (Full screening (gates only)), 1 (Probable breakouts), ...} for help and errors. */
  public static String catalogue() {
    return Stream.of(values()).map(s -> s.id + " (" + s.title + ")").collect(Collectors.joining(", "));
  }
}
