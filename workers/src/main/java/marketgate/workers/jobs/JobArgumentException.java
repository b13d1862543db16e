package marketgate.workers.jobs;

/** A job argument that is missing or wrong: the submit answers 400 with this message. */
public final class JobArgumentException extends RuntimeException {
  public JobArgumentException(String argument, String problem) {
    super("args." + argument + ": " + problem);
  }
}
