package marketgate.workers.ticks.replay;

import java.io.IOException;

/** A {@code ticks.json} file that cannot be read as a whole (not JSON, not an object, cut short). */
public final class TicksFileException extends IOException {
  public TicksFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
