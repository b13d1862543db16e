package marketgate.shared.jobs;

import java.util.Locale;

/** Where a job is in its life; the last three are final and never change again. */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The lowercase name used in JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
