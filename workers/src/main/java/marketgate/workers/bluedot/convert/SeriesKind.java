package marketgate.workers.bluedot.convert;

/** The CSV series written per stock; the name is the file suffix ({@code DIX_RS_LINE.csv}). */
public enum SeriesKind {
  PRICE_DATA(100),
  RLST_RATING(1),
  BC_INDICATOR(100),
  BLUE_DOTS(1),
  RS_LINE(1_000_000);

  private final int pricescale;

  SeriesKind(int pricescale) {
    this.pricescale = pricescale;
  }

  /** TradingView's {@code pricescale} for symbol_info: 10^decimals shown on the chart. */
  public int pricescale() {
    return pricescale;
  }

  public String fileName(String symbol) {
    return symbol + "_" + name() + ".csv";
  }

  public String seedSymbol(String symbol) {
    return symbol + "_" + name();
  }

  static int longestName() {
    int longest = 0;
    for (SeriesKind kind : values()) {
      longest = Math.max(longest, kind.name().length());
    }
    return longest;
  }
}
