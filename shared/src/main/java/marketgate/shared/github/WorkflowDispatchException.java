package marketgate.shared.github;

/** GitHub refused a workflow dispatch: its HTTP status and its message (never the token). */
public final class WorkflowDispatchException extends RuntimeException {
  private final int status;

  public WorkflowDispatchException(int status, String message) {
    super("GitHub answered " + status + ": " + message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
