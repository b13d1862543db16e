package marketgate.workers.scans;

/**
 * A scan code a person got wrong: the message says which part and what is allowed, and is meant to
 * be shown as is (HTTP 400 detail, Telegram reply, CLI stderr).
 */
public class ScanCodeException extends RuntimeException {
  public ScanCodeException(String message) {
    super(message);
  }
}
