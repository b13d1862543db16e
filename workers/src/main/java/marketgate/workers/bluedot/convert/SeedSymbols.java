package marketgate.workers.bluedot.convert;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Symbol names for Pine Seeds. TradingView accepts {@code ^[_.0-9A-Z]+$}, at most 42 characters,
 * and a seed file name with one dot only, so the stock part of {@code DIX_BLUE_DOTS} may not
 * carry a dot and must leave room for the longest series suffix.
 */
public final class SeedSymbols {
  private SeedSymbols() {}

  public static final Pattern ALLOWED = Pattern.compile("^[_.0-9A-Z]+$");
  public static final int MAX_LENGTH = 42;
  private static final String EXCHANGE_SUFFIX = ".IN";

  /**
   * The stock part of the seed names for a MarketSmith symbol such as {@code DIX.IN}: the
   * {@code .IN} suffix dropped, upper case, and NSE's {@code &} and {@code -} (as in
   * {@code M&M}, {@code BAJAJ-AUTO}) mapped to {@code _} because seeds do not allow them.
   *
   * @throws BadInputException when what remains is not a valid seed symbol
   */
  public static String fromMarketSmith(String raw) throws BadInputException {
    if (raw == null || raw.isBlank()) {
      throw new BadInputException("peripheralData.symbol is missing");
    }
    String symbol = raw.strip().toUpperCase(Locale.ROOT);
    if (symbol.endsWith(EXCHANGE_SUFFIX)) {
      symbol = symbol.substring(0, symbol.length() - EXCHANGE_SUFFIX.length());
    }
    symbol = symbol.replace('&', '_').replace('-', '_');
    if (symbol.isEmpty() || !ALLOWED.matcher(symbol).matches()) {
      throw new BadInputException("symbol '" + raw + "' does not match " + ALLOWED.pattern());
    }
    if (symbol.indexOf('.') >= 0) {
      throw new BadInputException("symbol '" + raw + "' has a dot; a seed file name may have one dot only");
    }
    int longest = symbol.length() + 1 + SeriesKind.longestName();
    if (longest > MAX_LENGTH) {
      throw new BadInputException("symbol '" + raw + "' is too long: " + symbol + "_"
          + "<series> would have " + longest + " characters, at most " + MAX_LENGTH + " are allowed");
    }
    return symbol;
  }
}
