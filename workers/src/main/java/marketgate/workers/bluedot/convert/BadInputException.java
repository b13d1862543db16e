package marketgate.workers.bluedot.convert;

/** An input file that cannot be converted; the message is the reason shown in the index. */
public final class BadInputException extends Exception {
  public BadInputException(String reason) {
    super(reason, null, false, false);
  }
}
