package marketgate.workers.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streaming JSON into gzip, and prices written without {@code Double.toString}.
 *
 * <p>Deflate level 1: on candle JSON it is several times faster than the default level 6 for a
 * file about 25% bigger (see docs/benchmarks/publish.md), and the publisher's budget is time.
 */
final class JsonOutput {
  static final int GZIP_LEVEL = Deflater.BEST_SPEED;
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final int GZIP_BUFFER = 1 << 16;
  private static final double MAX_FIXED = 1e13;

  private final char[] digits = new char[32];

  /**
   * A gzip stream whose {@code finish()} also frees zlib's native state (a few hundred KB). The
   * callers finish without closing, as they do not own {@code out}; left to the garbage collector,
   * those states piled up in native memory between old-generation collections (RSS +9 MB a
   * minute in the soak at one publish every 10 s).
   */
  static GZIPOutputStream gzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, GZIP_BUFFER) {
      {
        def.setLevel(GZIP_LEVEL);
      }

      @Override
      public void finish() throws IOException {
        try {
          super.finish();
        } finally {
          def.end();
        }
      }
    };
  }

  static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return generator;
  }

  /**
   * Writes a price. NSE prices are whole paise, so most values print exactly as a fixed-point
   * number with at most two decimals; that path fills a reused char buffer (no String, no boxing).
   * Anything else (4-decimal currency prices, float noise) falls back to Jackson's shortest
   * round-trip form, so the value read back is always the double we hold.
   */
  void price(JsonGenerator gen, double value) throws IOException {
    if (!(Math.abs(value) < MAX_FIXED)) {
      gen.writeNumber(value);
      return;
    }
    long cents = Math.round(value * 100);
    if (cents / 100.0 != value) {
      gen.writeNumber(value);
      return;
    }
    int end = digits.length;
    int pos = end;
    long abs = Math.abs(cents);
    long fraction = abs % 100;
    long whole = abs / 100;
    if (fraction % 10 == 0) {
      digits[--pos] = (char) ('0' + fraction / 10);
    } else {
      digits[--pos] = (char) ('0' + fraction % 10);
      digits[--pos] = (char) ('0' + fraction / 10);
    }
    digits[--pos] = '.';
    do {
      digits[--pos] = (char) ('0' + whole % 10);
      whole /= 10;
    } while (whole > 0);
    if (cents < 0) {
      digits[--pos] = '-';
    }
    gen.writeRawValue(digits, pos, end - pos);
  }
}
