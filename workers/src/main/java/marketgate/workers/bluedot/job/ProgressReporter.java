package marketgate.workers.bluedot.job;

import java.io.PrintStream;
import marketgate.workers.bluedot.convert.BatchConverter;

/**
 * Progress of a batch: a redrawn bar on a terminal, and on a log (a CI runner, a pipe) one line
 * per tenth so the log stays readable. Called from pool threads; the lock keeps lines whole.
 */
final class ProgressReporter implements BatchConverter.Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private int lastShown = -1;

  ProgressReporter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void fileDone(int done, int total) {
    int percent = total == 0 ? 100 : (int) (100L * done / total);
    if (terminal) {
      if (percent != lastShown || done == total) {
        lastShown = percent;
        out.print("\r" + bar(done, total));
        if (done == total) {
          out.println();
        }
        out.flush();
      }
    } else {
      int tenth = percent / 10;
      if (tenth != lastShown && (tenth > lastShown)) {
        lastShown = tenth;
        out.println("converted " + done + "/" + total + " files (" + percent + "%)");
      }
    }
  }

  static String bar(int done, int total) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    int percent = total == 0 ? 100 : (int) (100L * done / total);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total
        + " files " + percent + "%";
  }
}
