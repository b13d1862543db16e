package marketgate.gateway.mirror;

/** Content types by file extension; {@code .gz} files are served as the stored bytes. */
final class ContentTypes {
  private ContentTypes() {}

  static String of(String path) {
    if (path.endsWith(".gz")) {
      return "application/gzip";
    } else if (path.endsWith(".json")) {
      return "application/json";
    } else if (path.endsWith(".csv")) {
      return "text/csv; charset=utf-8";
    } else if (path.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (path.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
