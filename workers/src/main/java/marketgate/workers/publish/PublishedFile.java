package marketgate.workers.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import marketgate.shared.store.DataStore;

/**
 * One file of a publish: its data-layer path, its bytes (already gzipped where the name says so)
 * and a strong ETag (quoted base64url SHA-256 of the bytes), which is what gateways compare.
 */
public record PublishedFile(String path, byte[] bytes, String etag, long lastModifiedMillis) {

  public int size() {
    return bytes.length;
  }

  /** Renders a file by streaming into memory, hashing on the way (no second pass over the bytes). */
  public static PublishedFile render(String path, long lastModifiedMillis, DataStore.ContentWriter writer)
      throws IOException {
    Capture capture = new Capture();
    writer.writeTo(capture);
    capture.close();
    return new PublishedFile(path, capture.toByteArray(), capture.etag(), lastModifiedMillis);
  }

  public static PublishedFile of(String path, byte[] bytes, long lastModifiedMillis) {
    MessageDigest digest = sha256();
    return new PublishedFile(path, bytes, etagOf(digest.digest(bytes)), lastModifiedMillis);
  }

  private static String etagOf(byte[] hash) {
    return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + '"';
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /**
   * Collects bytes in 1 MB chunks: unlike ByteArrayOutputStream it never copies the whole file
   * on growth, so a 40 MB snapshot costs 40 MB plus one final copy, not 2-3 times that.
   */
  static final class Capture extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private final List<byte[]> chunks = new ArrayList<>();
    private final MessageDigest digest = sha256();
    private byte[] current = new byte[CHUNK];
    private int pos;
    private long total;

    @Override
    public void write(int b) {
      if (pos == current.length) {
        next();
      }
      current[pos++] = (byte) b;
      digest.update((byte) b);
      total++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      digest.update(b, off, len);
      total += len;
      while (len > 0) {
        if (pos == current.length) {
          next();
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(b, off, current, pos, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    private void next() {
      chunks.add(current);
      current = new byte[CHUNK];
      pos = 0;
    }

    byte[] toByteArray() {
      byte[] out = new byte[Math.toIntExact(total)];
      int at = 0;
      for (byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, out, at, chunk.length);
        at += chunk.length;
      }
      System.arraycopy(current, 0, out, at, pos);
      return out;
    }

    String etag() {
      return etagOf(digest.digest());
    }
  }
}
