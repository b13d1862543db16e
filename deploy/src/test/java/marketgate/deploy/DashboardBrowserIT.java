package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.time.MarketClock;
import marketgate.workers.bluedot.job.BlueDotJob;
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
  /** The stock of the BlueDot batch; INFY is also the symbol the dashboard opens with. */
  private static final String BLUEDOT_SYMBOL = "INFY";
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @TempDir Path dir;

  @Test
  void theDashboardShowsLiveCandlesRunsAScanAndChartsTheClickedRow() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: .ci/run installs it (apt-get install chromium)");
    installPlaywright();
    int port = ChildProcess.freePort();
    // The first scan after start fills the indicator caches; on CI's two shared cores with a
    // browser running it can take longer than the default 10 s.
    String batch = blueDotBatch(dir.resolve("data"));
    try (ChildProcess child = ChildProcess.start(dir, Map.of("MARKETGATE_SCANS_TIMEOUT_MILLIS", "120000"), port,
        "run", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString())) {
      child.awaitReady(Duration.ofSeconds(120));
      Result result = run(List.of("node", "dashboard.spec.mjs", "http://127.0.0.1:" + port + "/",
          SHOTS.toAbsolutePath().toString(), BLUEDOT_SYMBOL, batch), Duration.ofMinutes(6));
      assertEquals(0, result.exit, result.output + "\n--- marketgate log ---\n" + tail(child.log()));
      assertTrue(result.output.contains("DASHBOARD OK"), result.output);
      // The load and first-chart times, for docs/benchmarks.md (printed, never asserted).
      System.out.println(result.output.substring(result.output.indexOf("DASHBOARD OK")).strip());
      assertTrue(Files.size(SHOTS.resolve("dashboard-chart.png")) > 1000);
      assertTrue(Files.size(SHOTS.resolve("dashboard-scan.png")) > 1000);
      assertTrue(Files.size(SHOTS.resolve("dashboard-bluedot.png")) > 1000);
    }
  }

  /**
   * A BlueDot batch in the data directory, as {@code job bluedot} makes it: the real DIX file as
   * {@link #BLUEDOT_SYMBOL}, its dates moved by whole weeks to end last week, so the RS line and the
   * blue dots fall inside the simulated daily chart (which ends today). Returns the batch's date.
   */
  private static String blueDotBatch(Path dataDir) throws Exception {
    JsonObject file;
    try (InputStream in = DashboardBrowserIT.class.getResourceAsStream("/jobs/DIX_daily.json")) {
      file = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    JsonObject chart = file.getJsonObject("chart");
    long lastMillis = chart.getJsonArray("prices").stream().mapToLong(p -> ((JsonObject) p).getLong("priceDate"))
        .max().orElseThrow();
    LocalDate last = Instant.ofEpochMilli(lastMillis).atZone(MarketClock.IST).toLocalDate();
    long weeks = ChronoUnit.DAYS.between(last, LocalDate.now(MarketClock.IST).minusDays(1)) / 7;
    long shiftMillis = TimeUnit.DAYS.toMillis(7 * weeks);
    chart.getJsonArray("prices").forEach(p -> shiftMillis((JsonObject) p, "priceDate", shiftMillis));
    chart.getJsonObject("blueDotData").getJsonArray("dates").forEach(d -> ((JsonObject) d).put("blueDotDate",
        LocalDate.parse(((JsonObject) d).getString("blueDotDate")).plusWeeks(weeks).toString()));
    shiftMillis(chart.getJsonObject("peripheralData"), "asOfDate", shiftMillis);
    shiftMillis(chart.getJsonObject("peripheralData"), "currentDate", shiftMillis);
    shiftMillis(file.getJsonObject("responseHeader"), "asOfDate", shiftMillis);
    Path input = Files.createDirectories(dataDir.resolveSibling("bluedot-input"));
    Files.writeString(input.resolve(BLUEDOT_SYMBOL + "_daily.json"),
        file.encode().replace("\"DIX.IN\"", "\"" + BLUEDOT_SYMBOL + ".IN\""));

    String date = last.plusWeeks(weeks).toString();
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject().put("dataDir", dataDir.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = BlueDotJob.fromConfig(config).run("daily", date, input, new PrintStream(out, true), new PrintStream(out, true),
        false);
    assertEquals(BlueDotJob.OK, code, out.toString(StandardCharsets.UTF_8));
    return date;
  }

  private static void shiftMillis(JsonObject object, String field, long by) {
    if (object.getValue(field) instanceof Number n) {
      object.put(field, n.longValue() + by);
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
