package marketgate.workers.jobs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a job prints, kept (up to a bound) for its record, so {@code job <name> --gateway} can print
 * the same text the job prints when it runs in its own JVM. Past the bound the text is cut and says so.
 */
final class JobOutput {
  private final Capture out;
  private final Capture err;
  private final PrintStream outStream;
  private final PrintStream errStream;

  JobOutput(int maxBytes) {
    out = new Capture(maxBytes);
    err = new Capture(maxBytes);
    outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  PrintStream out() {
    return outStream;
  }

  PrintStream err() {
    return errStream;
  }

  String stdout() {
    outStream.flush();
    return out.text();
  }

  String stderr() {
    errStream.flush();
    return err.text();
  }

  /** A byte sink that keeps the first {@code max} bytes and counts the rest. */
  private static final class Capture extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;
    private long dropped;

    Capture(int max) {
      this.max = max;
    }

    @Override
    public synchronized void write(int b) {
      if (kept.size() < max) {
        kept.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = Math.max(0, Math.min(len, max - kept.size()));
      kept.write(b, off, room);
      dropped += len - room;
    }

    synchronized String text() {
      String text = kept.toString(StandardCharsets.UTF_8);
      return dropped == 0 ? text : text + "\n[" + dropped + " more bytes of output not kept]\n";
    }
  }
}
