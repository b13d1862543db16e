package marketgate.workers.bluedot.convert;

/** An input file that was quarantined, and why. */
public record FailedFile(String file, String reason) {}
