package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import marketgate.workers.scans.rules.Scan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScanCodeParserTest {
  private final ScanCodeParser parser = new ScanCodeParser();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "X:12:9:2.5          | X:12:9:2.5",
      "X:12:9              | X:12:9:2.5",
      "X:12:9:D            | X:12:9:2.5",
      "x:12:9:3            | X:12:9:3",
      "/X_12_9_2.5         | X:12:9:2.5",
      "/X_12_9_2.5@PKBot   | X:12:9:2.5",
      "  X:12:9:2.5:D:D:D  | X:12:9:2.5",
      "X:12:5:60:75        | X:12:5:60:75",
      "X:12:5:D:75         | X:12:5:0:75",
      "X:12:5              | X:12:5:0:100",
      "X:12:7:4            | X:12:7:4",
      "X_12_7_4            | X:12:7:4",
      "X:12:0              | X:12:0",
      "X:1:3:5             | X:1:3:5",
      "X:14:4              | X:14:4:22",
      "X:12:4:50           | X:12:4:50",
      "X:0:0:SBIN,TCS      | X:0:0:SBIN,TCS",
      "X:0:9:sbin,M&M:3    | X:0:9:SBIN,M&M:3",
      "X:0:9:3:BAJAJ-AUTO  | X:0:9:BAJAJ-AUTO:3",
      "X:0:7:4:SBIN        | X:0:7:4:SBIN",
      "X:12:31             | X:12:31",
  })
  void goodCodesReadAsTheCanonicalRequest(String code, String canonical) {
    assertEquals(canonical, parser.parse(code).code());
  }

  @Test
  void defaultsAndExplicitSymbolsAreTyped() {
    ScanRequest volume = parser.parse("X:12:9");
    assertEquals(12, volume.index());
    assertEquals(Scan.VOLUME_GAINERS, volume.scan());
    assertArrayEquals(new double[] {2.5}, volume.args());
    assertEquals(List.of(), volume.symbols());

    ScanRequest explicit = parser.parse("X:0:0:SBIN,TCS,SBIN");
    assertEquals(0, explicit.index());
    assertEquals(Scan.GATES_ONLY, explicit.scan());
    assertEquals(List.of("SBIN", "TCS"), explicit.symbols());

    assertEquals(Scan.VCP, parser.parse("/X_12_7_4").scan());
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "''                  | empty scan code",
      "'   '               | empty scan code",
      "P:12:9              | menu 'P' is not supported: only X",
      "X                   | missing index",
      "X:12                | missing scan number after X:12; scans: 0 (",
      "X:99:9              | index '99' is not supported; indexes: 0 (explicit symbols), 1 (Nifty 50)",
      "X:abc:9             | index 'abc' is not supported",
      "X:12:8              | scan '8' is not supported; scans: 0 (Full screening (gates only)), 1 (Probable breakouts)",
      "X:12:7              | scan 7 needs a sub-scan number; supported: 7:4 (VCP)",
      "X:12:7:3            | scan '7:3' is not supported",
      "X::9                | part 2 of 'X::9' is empty",
      "X:12:9:abc          | argument 'abc' of scan 9 is not a number or D",
      "X:12:9:0            | argument ratio = 0 of scan 9 is out of range; ratio (default 2.5, 0.1 to 1000)",
      "X:12:9:2.5:3        | takes 1 argument(s): ratio (default 2.5",
      "X:12:10:2           | scan 10 (Up 2% for 3 days) takes no arguments, but got extra argument '2'",
      "X:12:4:2.5          | argument days = 2.5 of scan 4 is out of range",
      "X:12:4:1            | argument days = 1 of scan 4 is out of range",
      "X:12:5:80:60        | min 80 is above max 60",
      "X:12:5:0:101        | argument max = 101 of scan 5 is out of range",
      "X:0:0               | index 0 needs the symbols to scan",
      "X:0:9:SBIN:TCS      | index 0 takes one list of symbols, got 2",
      "X:0:0:SBIN,,TCS     | symbol '' is not a trading symbol",
      "X:0:0:SB IN         | symbol 'SB IN' is not a trading symbol",
  })
  void badCodesSayWhichPartIsWrongAndWhatIsAllowed(String code, String expected) {
    ScanCodeException e = assertThrows(ScanCodeException.class, () -> parser.parse(code));
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
  }

  @Test
  void nullCodeIsAnErrorNotACrash() {
    assertThrows(ScanCodeException.class, () -> parser.parse(null));
  }

  @Test
  void unknownScanListsEverySupportedScan() {
    String message = assertThrows(ScanCodeException.class, () -> parser.parse("X:12:99")).getMessage();
    for (Scan scan : Scan.values()) {
      assertTrue(message.contains(scan.id() + " ("), scan.id() + " missing from: " + message);
    }
  }
}
