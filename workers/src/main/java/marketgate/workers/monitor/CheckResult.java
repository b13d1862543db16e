package marketgate.workers.monitor;

/**
 * One check's verdict for one round. {@link Status#UNKNOWN} means "cannot tell now" (the pipeline
 * did not answer, too few samples, a day with nothing due): it leaves an open incident open and
 * a quiet check quiet, so missing data never opens or closes anything.
 */
public record CheckResult(String check, Status status, String detail) {
  public enum Status {
    OK, FAILING, UNKNOWN;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static CheckResult ok(String check, String detail) {
    return new CheckResult(check, Status.OK, detail);
  }

  public static CheckResult failing(String check, String detail) {
    return new CheckResult(check, Status.FAILING, detail);
  }

  public static CheckResult unknown(String check, String detail) {
    return new CheckResult(check, Status.UNKNOWN, detail);
  }

  /** FAILING when the condition holds, else OK; both with the same detail. */
  public static CheckResult when(boolean failing, String check, String detail) {
    return new CheckResult(check, failing ? Status.FAILING : Status.OK, detail);
  }

  public boolean failing() {
    return status == Status.FAILING;
  }
}
