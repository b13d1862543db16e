package marketgate.deploy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code marketgate job <name> ... --gateway URL}: submits the job to a running system's jobs API,
 * follows it (state and progress lines on stderr) and prints its result as the job prints it when it
 * runs in this JVM. Exit codes as the local job: 0 succeeded, 1 failed (or cancelled, or the system
 * could not be reached), 2 bad arguments (a 400).
 */
final class RemoteJob {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_ARGUMENTS = 2;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Polling starts fast (a scan takes tens of milliseconds) and slows to once a second. */
  private static final long FIRST_POLL_MILLIS = 20;
  private static final long MAX_POLL_MILLIS = 1_000;
  /** How long the gateway may be unreachable while a job runs before the CLI gives up following it. */
  private static final Duration UNREACHABLE_LIMIT = Duration.ofSeconds(60);

  /** Prints a succeeded (or failed) job's result as the local command would; answers the exit code. */
  @FunctionalInterface
  interface ResultPrinter {
    int print(JsonObject result, PrintStream out, PrintStream err) throws IOException;
  }

  /** The job's captured stdout and stderr, printed unchanged. */
  static final ResultPrinter CAPTURED = (result, out, err) -> {
    out.print(result.getString("stdout", ""));
    err.print(result.getString("stderr", ""));
    out.flush();
    return OK;
  };

  private final URI base;
  private final String token;
  private final String idempotencyKey;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RemoteJob(URI gateway, String token, String idempotencyKey, PrintStream out, PrintStream err) {
    String text = gateway.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = Objects.requireNonNull(token);
    this.idempotencyKey = idempotencyKey;
    this.out = out;
    this.err = err;
  }

  int run(String job, JsonObject args, ResultPrinter printer) {
    try {
      HttpRequest.Builder submit = request("/api/v1/jobs")
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("job", job).put("args", args).encode()));
      if (idempotencyKey != null) {
        submit.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<String> response = http.send(submit.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 && response.statusCode() != 202) {
        err.println(job + ": the gateway refused the job (" + response.statusCode() + "): " + detail(response.body()));
        return response.statusCode() == 400 ? BAD_ARGUMENTS : FAILED;
      }
      JsonObject record = new JsonObject(response.body());
      err.println(job + ": job " + record.getString("id") + " " + (response.statusCode() == 200
          ? "(submitted before with this Idempotency-Key) " : "") + "on " + base);
      return finish(follow(record), printer);
    } catch (IOException | DecodeException e) {
      err.println(job + ": cannot reach the gateway at " + base + ": " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /** Polls the job until it is final, printing state changes and progress to stderr. */
  private JsonObject follow(JsonObject record) throws IOException, InterruptedException {
    String id = record.getString("id");
    String shown = "";
    long pause = FIRST_POLL_MILLIS;
    long unreachableSince = 0;
    while (true) {
      String line = statusLine(record);
      if (!line.equals(shown)) {
        err.println(record.getString("job") + ": " + line);
        shown = line;
      }
      if (isFinal(record)) {
        return record;
      }
      Thread.sleep(pause);
      pause = Math.min(MAX_POLL_MILLIS, pause * 2);
      try {
        HttpResponse<String> response = http.send(request("/api/v1/jobs/" + id).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IOException("GET /api/v1/jobs/" + id + " answered " + response.statusCode() + ": "
              + detail(response.body()));
        }
        record = new JsonObject(response.body());
        unreachableSince = 0;
      } catch (IOException e) {
        long now = System.nanoTime();
        unreachableSince = unreachableSince == 0 ? now : unreachableSince;
        if (now - unreachableSince > UNREACHABLE_LIMIT.toNanos()) {
          throw e;
        }
      }
    }
  }

  private int finish(JsonObject record, ResultPrinter printer) throws IOException {
    String state = record.getString("state");
    JsonObject result = record.getJsonObject("result");
    if ("succeeded".equals(state)) {
      return printer.print(result, out, err);
    }
    if (result != null) {
      CAPTURED.print(result, out, err); // the job's own words on what went wrong, as a local run prints them
    }
    err.println(record.getString("job") + ": job " + record.getString("id") + " " + state
        + (record.getString("error") == null ? "" : ": " + record.getString("error")));
    int code = result == null ? FAILED : result.getInteger("exitCode", FAILED);
    return code == OK ? FAILED : code;
  }

  private static boolean isFinal(JsonObject record) {
    String state = record.getString("state");
    return "succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state);
  }

  private static String statusLine(JsonObject record) {
    String line = record.getString("state");
    if (record.getString("node") != null) {
      line += " on node " + record.getString("node");
    }
    JsonObject progress = record.getJsonObject("progress");
    if (progress != null && progress.getInteger("total", 0) > 0) {
      int done = progress.getInteger("done", 0);
      int total = progress.getInteger("total");
      line += ", " + done + "/" + total + " (" + (100L * done / total) + "%)";
    }
    return line;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private static String detail(String body) {
    try {
      JsonObject error = new JsonObject(body);
      return error.getString("detail", error.getString("error", body));
    } catch (DecodeException e) {
      return body;
    }
  }
}
