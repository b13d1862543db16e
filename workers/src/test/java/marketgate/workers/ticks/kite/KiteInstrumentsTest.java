package marketgate.workers.ticks.kite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import org.junit.jupiter.api.Test;

class KiteInstrumentsTest {

  @Test
  void kitesInstrumentDumpBecomesAUniverse() throws IOException {
    Universe universe;
    try (InputStream in = getClass().getResourceAsStream("/kite/instruments_nse.csv")) {
      universe = KiteInstruments.parse(in);
    }
    assertEquals(99, universe.size());
    Instrument first = universe.instruments().get(0);
    assertEquals(new Instrument(3813889, "CENTRALBK-BE", "NSE", 3813889 & 0xff, 0.0, 0), first);
    assertEquals(4645121, universe.bySymbol("EMMBI-BL").orElseThrow().token());
  }

  @Test
  void quotedNamesWithCommasAndBadLinesDoNotStopTheLoad() throws IOException {
    String csv = """
        instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange
        408065,1594,INFY,"INFOSYS, LTD",1573.7,,0.0,0.05,1,EQ,NSE,NSE
        notanumber,1,BAD,BAD,0,,0,0.05,1,EQ,NSE,NSE
        256265,1001,NIFTY 50,"NIFTY ""50""\",0.0,,0.0,0.0,0,EQ,INDICES,NSE
        """;
    Universe universe = KiteInstruments.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));

    assertEquals(2, universe.size());
    assertEquals(1573.7, universe.bySymbol("INFY").orElseThrow().lastPrice());
    assertEquals(true, universe.bySymbol("NIFTY 50").orElseThrow().isIndex());
  }

  @Test
  void aDumpWithoutTheTokenColumnIsRejectedByName() {
    IOException e = assertThrows(IOException.class, () -> KiteInstruments.parse(
        new ByteArrayInputStream("symbol,exchange\nINFY,NSE\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals(true, e.getMessage().contains("instrument_token"));
  }
}
