package marketgate.workers.bluedot.convert;

import java.util.Arrays;

/**
 * A growable byte buffer for ASCII text: CSVs are built straight into bytes, without the
 * StringBuilder, String and encoder copies (render time was a third of the conversion).
 */
final class AsciiBuffer {
  private byte[] bytes;
  private int length;

  AsciiBuffer(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int length() {
    return length;
  }

  void reset() {
    length = 0;
  }

  byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }

  AsciiBuffer append(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  AsciiBuffer append(byte[] ascii) {
    ensure(ascii.length);
    System.arraycopy(ascii, 0, bytes, length, ascii.length);
    length += ascii.length;
    return this;
  }

  /** Copies bytes already in the buffer (to repeat a formatted value). */
  AsciiBuffer repeat(int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(bytes, from, bytes, length, n);
    length += n;
    return this;
  }

  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  /**
   * A non-negative long in decimal, zero-padded to at least {@code minDigits}. This is the
   * innermost loop of CSV rendering (seven numbers per row), hence two digits per division and
   * int arithmetic whenever the value fits, as {@code Integer.getChars} does.
   */
  AsciiBuffer appendDigits(long value, int minDigits) {
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    int width = Math.max(digits, minDigits);
    ensure(width);
    int pos = length + width;
    length = pos;
    while (value > Integer.MAX_VALUE) {
      long q = value / 100;
      int r = (int) (value - q * 100);
      bytes[--pos] = ONES[r];
      bytes[--pos] = TENS[r];
      value = q;
    }
    int v = (int) value;
    while (v >= 100) {
      int q = v / 100;
      int r = v - q * 100;
      bytes[--pos] = ONES[r];
      bytes[--pos] = TENS[r];
      v = q;
    }
    if (v >= 10) {
      bytes[--pos] = ONES[v];
      bytes[--pos] = TENS[v];
    } else {
      bytes[--pos] = (byte) ('0' + v);
    }
    while (pos > length - width) {
      bytes[--pos] = '0';
    }
    return this;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
