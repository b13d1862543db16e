package marketgate.gateway.mirror;

/** No layer could produce a copy of a path: 404 when every layer said "no such file", else 503. */
public final class MirrorUnavailableException extends RuntimeException {
  private final boolean notFound;

  MirrorUnavailableException(String message, boolean notFound) {
    super(message, null, false, false);
    this.notFound = notFound;
  }

  public boolean notFound() {
    return notFound;
  }
}
