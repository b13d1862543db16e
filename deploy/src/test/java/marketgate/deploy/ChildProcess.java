package marketgate.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real marketgate.jar in a child JVM, for tests of start-up, signals and crashes. */
final class ChildProcess implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("marketgate.jar", "target/marketgate.jar"));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Process process;
  final Path log;
  final int port;

  private ChildProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * A port that is free now and that the kernel will not hand out on its own before the child binds
   * it. A port from {@code new ServerSocket(0)} lies in the ephemeral range, and the seconds a child
   * takes to join its cluster are enough for an outgoing connection (a Hazelcast member's, say) to be
   * given that very port: the child then fails with "Address already in use". So the ports come from
   * just below the ephemeral range, each handed out once per test JVM.
   */
  static int freePort() throws IOException {
    int lowest = Math.max(1024, EPHEMERAL_LOW - BELOW_EPHEMERAL);
    for (int tries = 0; tries < BELOW_EPHEMERAL; tries++) {
      int port = lowest + Math.floorMod(NEXT_PORT.getAndIncrement(), EPHEMERAL_LOW - lowest);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // someone else's: try the next one
      }
    }
    throw new IOException("no free port in " + lowest + ".." + (EPHEMERAL_LOW - 1));
  }

  private static final int BELOW_EPHEMERAL = 8000;
  private static final int EPHEMERAL_LOW = ephemeralLow();
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(BELOW_EPHEMERAL));

  /** The lowest port of the kernel's ephemeral range (Linux's default 32768 where it cannot be read). */
  static int ephemeralLow() {
    // One read into a buffer: a sysctl file answers a read at an offset past 0 with end-of-file,
    // and Files.readString (which starts with a one-byte read for a file of size 0) got "3".
    try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      int low = Integer.parseInt(new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII)
          .trim().split("\\s+")[0]);
      return low > 1024 + BELOW_EPHEMERAL && low < 65536 ? low : 32768;
    } catch (IOException | RuntimeException unreadable) {
      return 32768;
    }
  }

  /** Starts {@code java -jar marketgate.jar <args>} with extra environment, output to a log file. */
  static ChildProcess start(Path workDir, Map<String, String> env, int port, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(workDir, "child-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(builder.start(), log, port);
  }

  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** POSTs a body with headers (name, value, name, value ...) and answers the response, whatever its status. */
  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs a path until it answers 200 (the first publish takes a moment). */
  HttpResponse<byte[]> awaitOk(String path, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        return response;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " never answered 200: " + response.statusCode());
      }
      Thread.sleep(250);
    }
  }

  /** How many lines of the child's log contain {@code text}. */
  long countInLog(String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /** Waits until /health/ready answers 200, failing with the child's log when it does not. */
  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("child exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        get("/health/ready");
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("not ready after " + timeout + ":\n" + log());
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child did not exit within " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
