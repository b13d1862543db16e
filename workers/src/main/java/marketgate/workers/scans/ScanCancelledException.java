package marketgate.workers.scans;

/** A scan stopped part-way because its caller's deadline passed: nobody is waiting for its rows. */
public final class ScanCancelledException extends RuntimeException {
  public ScanCancelledException(String message) {
    super(message, null, false, false);
  }
}
