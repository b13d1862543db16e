package marketgate.deploy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Checks a running deployment from outside, as a scheduled workflow would: reachable and ready,
 * fresh data in {@code /data/metadata.json}, no open incident on {@code /api/v1/alerts}. One line
 * per finding; exit 0 healthy, 1 degraded, 2 down (unreachable or not ready).
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Check a running marketgate from outside; exit 0 healthy, 1 degraded, 2 down.")
final class MonitorCommand implements Callable<Integer> {
  static final int HEALTHY = 0;
  static final int DEGRADED = 1;
  static final int DOWN = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--gateway", required = true, paramLabel = "URL", description = "base URL, e.g. https://marketgate.example.com")
  String gateway;

  @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "5", description = "per request (default 5)")
  int timeoutSeconds;

  private HttpClient http;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
    URI baseUri;
    try {
      baseUri = URI.create(base + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--gateway is not a URL: " + gateway);
    }
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
    List<String> degraded = new ArrayList<>();
    HttpResponse<String> ready;
    try {
      ready = get(baseUri, "health/ready");
    } catch (IOException e) {
      return report(out, DOWN, List.of("cannot reach " + base + ": " + describe(e)));
    }
    if (ready.statusCode() != 200) {
      return report(out, DOWN, List.of("/health/ready answered " + ready.statusCode() + ": " + oneLine(ready.body())));
    }
    metadata(baseUri, degraded);
    alerts(baseUri, degraded);
    return report(out, degraded.isEmpty() ? HEALTHY : DEGRADED, degraded);
  }

  /** FORMATS.md: {@code health.status}, {@code consecutive_failures}, {@code data_freshness_seconds}. */
  private void metadata(URI base, List<String> findings) {
    JsonObject metadata = json(base, "data/metadata.json", findings);
    if (metadata == null) {
      return;
    }
    JsonObject health = metadata.getJsonObject("health", new JsonObject());
    String status = health.getString("status", "unknown");
    if (!"healthy".equals(status)) {
      findings.add("metadata.json health is " + status + " (last successful publish "
          + health.getString("last_successful_publish") + ", " + health.getInteger("consecutive_failures", 0)
          + " failures in a row)");
    }
    int thresholdMinutes = metadata.getJsonObject("alerts", new JsonObject()).getInteger("stale_data_threshold_minutes", 15);
    Long freshness = health.getLong("data_freshness_seconds");
    if (metadata.getBoolean("is_market_hours", false) && (freshness == null || freshness > thresholdMinutes * 60L)) {
      findings.add("data is " + (freshness == null ? "missing" : freshness / 60 + " min old") + " in market hours (limit "
          + thresholdMinutes + " min)");
    }
  }

  private void alerts(URI base, List<String> findings) {
    JsonObject alerts = json(base, "api/v1/alerts", findings);
    if (alerts == null) {
      return;
    }
    for (Object item : alerts.getJsonArray("open", new JsonArray())) {
      JsonObject incident = item instanceof JsonObject o ? o : new JsonObject();
      findings.add("incident " + incident.getString("check") + " open since " + incident.getString("opened") + ": "
          + incident.getString("summary"));
    }
  }

  /** The JSON body of a 200 answer, or null with a finding saying why not. */
  private JsonObject json(URI base, String path, List<String> findings) {
    try {
      HttpResponse<String> response = get(base, path);
      if (response.statusCode() != 200) {
        findings.add("/" + path + " answered " + response.statusCode() + ": " + oneLine(response.body()));
        return null;
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      findings.add("/" + path + " failed: " + describe(e));
    } catch (DecodeException e) {
      findings.add("/" + path + " is not JSON: " + e.getMessage());
    }
    return null;
  }

  private HttpResponse<String> get(URI base, String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(timeoutSeconds))
        .header("accept", "application/json").GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static int report(PrintWriter out, int code, List<String> findings) {
    String state = code == HEALTHY ? "healthy" : code == DEGRADED ? "degraded" : "down";
    if (findings.isEmpty()) {
      out.println("healthy: ready, data fresh, no open incidents");
    }
    for (String finding : findings) {
      out.println(state + ": " + finding);
    }
    out.flush();
    return code;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  private static String oneLine(String body) {
    String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
