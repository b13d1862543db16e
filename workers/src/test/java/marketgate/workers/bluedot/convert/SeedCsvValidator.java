package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a Pine Seeds CSV against every rule of FORMATS.md, line by line, independently of the
 * writer: a failure names the file, the line and the rule.
 */
final class SeedCsvValidator {
  private static final Pattern FILE_NAME = Pattern.compile("^[_0-9A-Z]+\\.csv$");
  private static final Pattern SYMBOL = Pattern.compile("^[_.0-9A-Z]+$");
  private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
  private static final Pattern LINE = Pattern.compile(
      "^[0-9]{8}T(," + PLAIN.pattern() + "){5}$");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

  private final LocalDate today;

  SeedCsvValidator(LocalDate today) {
    this.today = today;
  }

  /** Validates the file and returns its rows' dates in order. */
  List<LocalDate> validate(Path file) throws IOException {
    String name = file.getFileName().toString();
    assertTrue(FILE_NAME.matcher(name).matches(), name + ": file name must match " + FILE_NAME);
    String symbol = name.substring(0, name.length() - 4);
    assertTrue(SYMBOL.matcher(symbol).matches() && symbol.length() <= 42, name + ": symbol rules");
    boolean single = !symbol.endsWith("_PRICE_DATA");
    boolean dots = symbol.endsWith("_BLUE_DOTS");
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      assertTrue(b > 0 && b < 128, name + ": ASCII only");
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    assertFalse(text.isEmpty(), name + ": empty file");
    assertTrue(text.endsWith("\n"), name + ": last line must end with a newline");
    assertFalse(text.contains("\r"), name + ": no carriage returns");
    List<String> lines = text.lines().toList();
    LocalDate previous = null;
    List<LocalDate> dates = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = name + " line " + (i + 1) + " '" + line + "': ";
      if (!LINE.matcher(line).matches()) {
        fail(where + "must be YYYYMMDDT and five plain decimals, no spaces, no exponent, no empty field");
      }
      String[] f = line.split(",");
      LocalDate date;
      try {
        date = LocalDate.parse(f[0].substring(0, 8), DATE);
      } catch (RuntimeException e) {
        throw new AssertionError(where + "not a calendar date");
      }
      assertFalse(date.isAfter(today), where + "date in the future");
      if (previous != null) {
        assertTrue(date.isAfter(previous), where + "dates must be strictly ascending");
      }
      previous = date;
      dates.add(date);
      BigDecimal open = new BigDecimal(f[1]), high = new BigDecimal(f[2]), low = new BigDecimal(f[3]);
      BigDecimal close = new BigDecimal(f[4]), volume = new BigDecimal(f[5]);
      assertTrue(low.compareTo(high) <= 0, where + "low > high");
      assertTrue(low.compareTo(open) <= 0 && open.compareTo(high) <= 0, where + "open outside low..high");
      assertTrue(low.compareTo(close) <= 0 && close.compareTo(high) <= 0, where + "close outside low..high");
      assertTrue(volume.signum() >= 0, where + "negative volume");
      if (single) {
        assertTrue(f[1].equals(f[2]) && f[2].equals(f[3]) && f[3].equals(f[4]), where + "single value: o=h=l=c");
        assertEquals("0", f[5], where + "single value: volume 0");
      }
      if (dots) {
        assertTrue(f[1].equals("0") || f[1].equals("1"), where + "blue dot must be 0 or 1");
      }
    }
    return dates;
  }
}
