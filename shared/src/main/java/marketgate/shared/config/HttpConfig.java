package marketgate.shared.config;

/**
 * @param idleTimeoutSeconds how long a keep-alive connection may sit between requests
 * @param headerTimeoutSeconds how long a new connection may take to send a complete request head
 * @param maxConnections open connections at most; past it a new connection is closed at once
 */
public record HttpConfig(String host, int port, int maxHeaderSize, int maxInitialLineLength, long maxBodyBytes,
    int idleTimeoutSeconds, int headerTimeoutSeconds, int maxConnections) {
  static HttpConfig from(ConfigReader r) {
    return new HttpConfig(
        r.string("host"),
        r.intIn("port", 0, 65535),
        r.intIn("maxHeaderSize", 1024, 1 << 20),
        r.intIn("maxInitialLineLength", 256, 1 << 16),
        r.longIn("maxBodyBytes", 1024, 1L << 30),
        r.intIn("idleTimeoutSeconds", 1, 86_400),
        r.intIn("headerTimeoutSeconds", 1, 3_600),
        r.intIn("maxConnections", 1, 1_000_000));
  }
}
