package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: {@code marketgate run} as a child process, Debian's chromium
 * driven by playwright-core (both installed by the project: chromium by {@code .ci/run},
 * playwright-core by {@code npm ci} into {@code target/browser} here). The checks are in
 * {@code src/test/browser/dashboard.spec.mjs}; screenshots land in {@code target/screenshots}.
 */
class DashboardBrowserIT {
  private static final Path SPEC_DIR = Path.of("src/test/browser");
  private static final Path WORK = Path.of("target/browser");
  private static final Path SHOTS = Path.of("target/screenshots");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @TempDir Path dir;

  @Test
  void theDashboardShowsLiveCandlesRunsAScanAndChartsTheClickedRow() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: .ci/run installs it (apt-get install chromium)");
    installPlaywright();
    int port = ChildProcess.freePort();
    // The first scan after start fills the indicator caches; on CI's two shared cores with a
    // browser running it can take longer than the default 10 s.
    try (ChildProcess child = ChildProcess.start(dir, Map.of("MARKETGATE_SCANS_TIMEOUT_MILLIS", "120000"), port,
        "run", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString())) {
      child.awaitReady(Duration.ofSeconds(120));
      Result result = run(List.of("node", "dashboard.spec.mjs", "http://127.0.0.1:" + port + "/",
          SHOTS.toAbsolutePath().toString()), Duration.ofMinutes(6));
      assertEquals(0, result.exit, result.output + "\n--- marketgate log ---\n" + tail(child.log()));
      assertTrue(result.output.contains("DASHBOARD OK"), result.output);
      assertTrue(Files.size(SHOTS.resolve("dashboard-chart.png")) > 1000);
      assertTrue(Files.size(SHOTS.resolve("dashboard-scan.png")) > 1000);
    }
  }

  /** npm ci into target/browser, skipped when the lock file there is the same as the source one. */
  private static void installPlaywright() throws Exception {
    Files.createDirectories(WORK);
    Path lock = SPEC_DIR.resolve("package-lock.json");
    boolean same = Files.exists(WORK.resolve("package-lock.json"))
        && Files.mismatch(lock, WORK.resolve("package-lock.json")) == -1
        && Files.isDirectory(WORK.resolve("node_modules/playwright-core"));
    for (String file : List.of("package.json", "package-lock.json", "dashboard.spec.mjs")) {
      Files.copy(SPEC_DIR.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!same) {
      Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Duration.ofMinutes(5));
      assertEquals(0, npm.exit, "npm ci failed:\n" + npm.output);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Path out = Files.createTempFile("browser-", ".log");
    Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(out));
    }
    return new Result(process.exitValue(), Files.readString(out));
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
