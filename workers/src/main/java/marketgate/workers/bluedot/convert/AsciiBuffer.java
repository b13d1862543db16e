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

  /** A non-negative long in decimal, zero-padded to at least {@code minDigits}. */
  AsciiBuffer appendDigits(long value, int minDigits) {
    int digits = 1;
    for (long v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int width = Math.max(digits, minDigits);
    ensure(width);
    int end = length + width;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length = end;
    return this;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
