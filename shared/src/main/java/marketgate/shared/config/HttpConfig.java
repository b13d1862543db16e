package marketgate.shared.config;

public record HttpConfig(String host, int port, int maxHeaderSize, int maxInitialLineLength, long maxBodyBytes) {
  static HttpConfig from(ConfigReader r) {
    return new HttpConfig(
        r.string("host"),
        r.intIn("port", 0, 65535),
        r.intIn("maxHeaderSize", 1024, 1 << 20),
        r.intIn("maxInitialLineLength", 256, 1 << 16),
        r.longIn("maxBodyBytes", 1024, 1L << 30));
  }
}
