package marketgate.shared.store;

/** A data-layer path that is not allowed (traversal, absolute, NUL, symlink escape). */
public final class InvalidPathException extends IllegalArgumentException {
  private final String path;

  public InvalidPathException(String path, String reason) {
    super("invalid path '" + printable(path) + "': " + reason);
    this.path = path;
  }

  public String path() {
    return path;
  }

  private static String printable(String path) {
    return path == null ? "null" : path.replace("\0", "\\0");
  }
}
