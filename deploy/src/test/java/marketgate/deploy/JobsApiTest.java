package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs API through the gateway of a running node (gateway, history, scans, bluedot, monitor in
 * one Vert.x): jobs run to their result on the node, and every refusal deploys nothing.
 */
@ExtendWith(VertxExtension.class)
class JobsApiTest {
  static final String TOKEN = "jobs-test-token-4f1c";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Vertx vertx;
  private Node node;
  private WebClient client;
  /** The BlueDot notification webhook (an outside service): holds each POST until released. */
  private HttpServer webhook;
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final List<JsonObject> notified = new CopyOnWriteArrayList<>();
  private int batches;

  static MarketgateConfig config(Path dir, JsonObject more) {
    JsonObject overrides = new JsonObject()
        .put("dataDir", dir.resolve("data").toString())
        .put("http", new JsonObject().put("port", 0))
        .put("gateway", new JsonObject().put("serverInstances", 1))
        // A small universe keeps the simulated year of history (scans read it) quick to seed.
        .put("simulator", new JsonObject().put("instrumentLimit", 60))
        .mergeIn(more, true);
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(overrides);
    return MarketgateConfig.from(config.toJson(), Secrets.none().with(Secrets.API_TOKEN, TOKEN));
  }

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    webhook = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      notified.add(body.toJsonObject());
      held.add(request);
    })).listen(0).await();
    MarketgateConfig config = config(dir, new JsonObject().put("bluedot",
        new JsonObject().put("notifyWebhookUrl", "http://127.0.0.1:" + webhook.actualPort() + "/hook")));
    node = Node.start(vertx, config,
        EnumSet.of(Role.HISTORY, Role.SCANS, Role.BLUEDOT, Role.MONITOR, Role.GATEWAY)).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.httpPort()));
  }

  @AfterEach
  void stop() {
    releaseWebhook();
    node.stop().await();
  }

  private void releaseWebhook() {
    held.forEach(request -> request.response().setStatusCode(204).end());
    held.clear();
  }

  private HttpResponse<Buffer> submit(JsonObject body, String token, String idempotencyKey) {
    var request = client.post("/api/v1/jobs");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return request.sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> submit(String job, JsonObject args) {
    return submit(new JsonObject().put("job", job).put("args", args), TOKEN, null);
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path) {
    return client.request(method, path).bearerTokenAuthentication(TOKEN).send().await();
  }

  private static String id(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("id");
  }

  /** Polls the job until {@code done} holds (30 s at most). */
  private JsonObject awaitJob(String id, Predicate<JsonObject> done) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    JsonObject record = null;
    while (System.nanoTime() < deadline) {
      record = call(HttpMethod.GET, "/api/v1/jobs/" + id).bodyAsJsonObject();
      if (done.test(record)) {
        return record;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job did not get there in " + DEADLINE + ": " + record);
  }

  private JsonObject awaitFinal(String id) throws InterruptedException {
    return awaitJob(id, r -> Set.of("succeeded", "failed", "cancelled").contains(r.getString("state")));
  }

  private void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    marketgate.shared.testing.Eventually.waitFor(what, condition);
  }

  /** A folder of BlueDot inputs: the real DIX file as each of the symbols. */
  private Path batch(String... symbols) throws Exception {
    Path input = Files.createDirectories(dir.resolve("batch-" + batches++));
    String sample;
    try (InputStream in = getClass().getResourceAsStream("/jobs/DIX_daily.json")) {
      sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String symbol : symbols) {
      // The symbol inside the file names the stock (a batch converts each symbol once).
      Files.writeString(input.resolve(symbol + "_daily.json"), sample.replace("\"DIX.IN\"", "\"" + symbol + ".IN\""));
    }
    return input;
  }

  private JsonObject bluedotArgs(Path input) {
    return new JsonObject().put("timeframe", "daily").put("date", "2025-08-01").put("input", input.toString());
  }

  @Test
  void aScanJobSucceedsWithTheRowsTheScanWorkersAnswer() throws Exception {
    HttpResponse<Buffer> accepted = submit("scan", new JsonObject().put("code", "X:12:5:0:100"));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String id = id(accepted);
    assertEquals("/api/v1/jobs/" + id, accepted.getHeader("Location"));

    JsonObject done = awaitFinal(id);
    assertEquals("succeeded", done.getString("state"), done.encodePrettily());
    assertNotNull(done.getString("startedAt"));
    assertNotNull(done.getString("finishedAt"));
    JsonObject scan = done.getJsonObject("result").getJsonObject("scan");
    JsonObject direct = vertx.eventBus().<JsonObject>request(Addresses.SCANS_RUN,
        new JsonObject().put("code", "X:12:5:0:100")).await().body();
    assertFalse(scan.getJsonArray("rows").isEmpty(), "RSI 0..100 matches every stock: " + scan);
    assertEquals(direct.getJsonArray("rows"), scan.getJsonArray("rows"));
    assertTrue(done.getJsonObject("result").getString("stdout").startsWith("symbol "),
        "the job printed the table job scan prints");
    // Its verticle ended with it.
    String deployment = done.getString("deploymentId");
    awaitCondition("the scan job's verticle is undeployed", () -> !vertx.deploymentIDs().contains(deployment));
  }

  @Test
  void aBlueDotJobConvertsTheFolderAndReportsFilesDoneOfTotal() throws Exception {
    Path input = batch("AAA", "BBB", "CCC", "DDD", "EEE");
    HttpResponse<Buffer> accepted = submit("bluedot", bluedotArgs(input));
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    String id = id(accepted);
    awaitCondition("the batch notification was sent", () -> !notified.isEmpty());
    releaseWebhook();

    JsonObject done = awaitFinal(id);
    assertEquals("succeeded", done.getString("state"), done.encodePrettily());
    assertEquals(new JsonObject().put("done", 5).put("total", 5), done.getJsonObject("progress"));
    assertTrue(done.getJsonObject("result").getString("stdout").contains("5 of 5 files converted, 0 failed"),
        done.getJsonObject("result").getString("stdout"));
    for (String symbol : List.of("AAA", "EEE")) {
      assertTrue(Files.exists(dir.resolve("data/pages/daily/2025-08-01/" + symbol + "_PRICE_DATA.csv")));
    }
    assertEquals(5, notified.get(0).getInteger("processed"));
  }

  @Test
  void aBadArgumentIs400NamingItAndStartsNothing() {
    int before = vertx.deploymentIDs().size();
    HttpResponse<Buffer> badCode = submit("scan", new JsonObject().put("code", "X:99:9"));
    assertEquals(400, badCode.statusCode());
    assertTrue(badCode.bodyAsJsonObject().getString("detail").startsWith("args.code:"), badCode.bodyAsString());

    HttpResponse<Buffer> noDate = submit("bluedot", new JsonObject().put("timeframe", "daily").put("input", "/tmp"));
    assertEquals(400, noDate.statusCode());
    assertTrue(noDate.bodyAsJsonObject().getString("detail").startsWith("args.date:"), noDate.bodyAsString());

    HttpResponse<Buffer> monthly = submit("bluedot", bluedotArgs(dir).put("timeframe", "monthly"));
    assertEquals(400, monthly.statusCode());
    assertTrue(monthly.bodyAsJsonObject().getString("detail").contains("args.timeframe"), monthly.bodyAsString());

    HttpResponse<Buffer> unknown = submit("rebalance", new JsonObject());
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.bodyAsJsonObject().getString("detail").startsWith("job: unknown job 'rebalance'"));

    assertEquals(before, vertx.deploymentIDs().size());
    assertEquals(0, call(HttpMethod.GET, "/api/v1/jobs").bodyAsJsonObject().getInteger("count"));
  }

  @Test
  void aMissingOrWrongTokenIs401AndDeploysNothing() {
    Set<String> before = Set.copyOf(vertx.deploymentIDs());
    JsonObject scan = new JsonObject().put("job", "scan").put("args", new JsonObject().put("code", "X:12:5:0:100"));

    HttpResponse<Buffer> missing = submit(scan, null, null);
    assertEquals(401, missing.statusCode());
    assertEquals("Bearer", missing.getHeader("WWW-Authenticate"));
    assertEquals(401, submit(scan, "not-" + TOKEN, null).statusCode());
    assertEquals(401, client.get("/api/v1/jobs").send().await().statusCode());
    assertFalse(missing.bodyAsString().contains(TOKEN));

    assertEquals(before, Set.copyOf(vertx.deploymentIDs()));
    assertEquals(0, call(HttpMethod.GET, "/api/v1/jobs").bodyAsJsonObject().getInteger("count"));
  }

  @Test
  void withNoTokenConfiguredTheJobsApiRefusesEverythingAndSaysHowToEnableIt(@TempDir Path other) {
    Vertx second = Vertx.vertx();
    try {
      MarketgateConfig open = MarketgateConfig.defaults().withOverrides(config(other, new JsonObject()).toJson());
      Node bare = Node.start(second, open, EnumSet.of(Role.SCANS, Role.HISTORY, Role.GATEWAY)).await();
      WebClient plain = WebClient.create(vertx);
      HttpResponse<Buffer> refused = plain.post(bare.httpPort(), "127.0.0.1", "/api/v1/jobs")
          .sendJsonObject(new JsonObject().put("job", "scan").put("args", new JsonObject().put("code", "X:12:0")))
          .await();
      assertEquals(403, refused.statusCode());
      assertTrue(refused.bodyAsJsonObject().getString("detail").contains("set MARKETGATE_API_TOKEN"));
      assertEquals(403, plain.get(bare.httpPort(), "127.0.0.1", "/api/v1/jobs").send().await().statusCode());
      plain.close(); // used until here, so not collected (and closed by Vert.x) while a request is in flight
      bare.stop().await();
    } finally {
      second.close().await();
    }
  }

  @Test
  void theSameIdempotencyKeyTwiceStartsOneJob() throws Exception {
    JsonObject scan = new JsonObject().put("job", "scan").put("args", new JsonObject().put("code", "X:12:5:0:100"));
    HttpResponse<Buffer> first = submit(scan, TOKEN, "workflow-run-77-attempt-1");
    HttpResponse<Buffer> retry = submit(scan, TOKEN, "workflow-run-77-attempt-1");
    assertEquals(202, first.statusCode());
    assertEquals(200, retry.statusCode());
    assertEquals(id(first), id(retry));
    assertEquals("/api/v1/jobs/" + id(first), retry.getHeader("Location"));
    awaitFinal(id(first));
    JsonObject list = call(HttpMethod.GET, "/api/v1/jobs").bodyAsJsonObject();
    assertEquals(1, list.getInteger("count"), list.encodePrettily());

    HttpResponse<Buffer> otherKey = submit(scan, TOKEN, "workflow-run-78-attempt-1");
    assertEquals(202, otherKey.statusCode());
    assertFalse(id(first).equals(id(otherKey)));
  }

  @Test
  void aCancelledJobEndsCancelledAndItsVerticleIsGone() throws Exception {
    HttpResponse<Buffer> accepted = submit("bluedot", bluedotArgs(batch("AAA")));
    String id = id(accepted);
    // The batch is converted and the job waits on the notification webhook: it is running.
    awaitCondition("the batch notification was sent", () -> !notified.isEmpty());
    JsonObject running = awaitJob(id, r -> "running".equals(r.getString("state")));
    String deployment = running.getString("deploymentId");
    assertTrue(vertx.deploymentIDs().contains(deployment));

    HttpResponse<Buffer> cancelled = call(HttpMethod.DELETE, "/api/v1/jobs/" + id);
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("state"));
    awaitCondition("the cancelled job's verticle is undeployed", () -> !vertx.deploymentIDs().contains(deployment));
    JsonObject after = call(HttpMethod.GET, "/api/v1/jobs/" + id).bodyAsJsonObject();
    assertEquals("cancelled", after.getString("state"));
    assertEquals(409, call(HttpMethod.DELETE, "/api/v1/jobs/" + id).statusCode(), "a final job cannot be cancelled");
  }

  @Test
  void aSecondBlueDotOfARunningBatchIs409WithTheFirstJobsId() throws Exception {
    Path input = batch("AAA", "BBB");
    String first = id(submit("bluedot", bluedotArgs(input)));
    awaitCondition("the first batch is converted and notifying", () -> !notified.isEmpty());

    HttpResponse<Buffer> second = submit("bluedot", bluedotArgs(input));
    assertEquals(409, second.statusCode(), second.bodyAsString());
    assertEquals(first, second.bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> weekly = submit("bluedot", bluedotArgs(input).put("timeframe", "weekly"));
    assertEquals(202, weekly.statusCode(), "another timeframe is another batch: " + weekly.bodyAsString());

    releaseWebhook();
    assertEquals("succeeded", awaitFinal(first).getString("state"));
    awaitCondition("the weekly batch notified", () -> notified.size() >= 2);
    releaseWebhook();
    awaitFinal(id(weekly));
    HttpResponse<Buffer> again = submit("bluedot", bluedotArgs(input));
    assertEquals(202, again.statusCode(), "once the first ended the batch may run again: " + again.bodyAsString());
    awaitCondition("the rerun notified", () -> notified.size() >= 3);
    releaseWebhook();
    assertEquals("succeeded", awaitFinal(id(again)).getString("state"));
  }

  @Test
  void aMonitorJobRunsEveryCheckAndEndsWithTheMonitorsVerdict() throws Exception {
    HttpResponse<Buffer> accepted = submit("monitor", new JsonObject());
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
    JsonObject done = awaitFinal(id(accepted));
    // This node has no ticks or publisher, so some checks may fail: either verdict is the monitor's own.
    assertTrue(List.of("succeeded", "failed").contains(done.getString("state")), done.encodePrettily());
    assertTrue(done.encode().contains("checks"), "the monitor's checks are in the job's output: " + done.encode());
  }

  @Test
  void aJobWhoseRoleNoNodeHasIs503AndRecordedFailed() {
    // This node has the history role, so import-ticks is taken; publish-snapshot needs the publish role.
    HttpResponse<Buffer> served = submit("import-ticks", new JsonObject().put("file", dir.resolve("none.json").toString()));
    assertEquals(202, served.statusCode(), served.bodyAsString());
    HttpResponse<Buffer> noPublisher = submit("publish-snapshot", new JsonObject());
    assertEquals(503, noPublisher.statusCode());
    assertTrue(noPublisher.bodyAsJsonObject().getString("detail").contains("no node runs the publish role"));
    JsonObject record = call(HttpMethod.GET, "/api/v1/jobs/" + id(noPublisher)).bodyAsJsonObject();
    assertEquals("failed", record.getString("state"));
  }

  @Test
  void pastTheCapOfActiveJobsASubmitIs429WithRetryAfter() throws Exception {
    // jobs.maxActivePerNode is 4: four batches waiting on the webhook fill this node.
    List<String> ids = new java.util.ArrayList<>();
    for (String date : List.of("2025-08-01", "2025-07-31", "2025-07-30", "2025-07-29")) {
      HttpResponse<Buffer> accepted = submit("bluedot", bluedotArgs(batch("A" + date.substring(8))).put("date", date));
      assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
      ids.add(id(accepted));
    }
    try {
      awaitCondition("four batches are converted and notifying", () -> notified.size() == 4);
    } catch (AssertionError e) {
      // The jobs' own records say why one never notified (its output holds the converter's error).
      throw new AssertionError(e.getMessage() + "; jobs: "
          + ids.stream().map(id -> call(HttpMethod.GET, "/api/v1/jobs/" + id).bodyAsString()).toList(), e);
    }
    HttpResponse<Buffer> fifth = submit("bluedot", bluedotArgs(batch("B")).put("date", "2025-07-28"));
    assertEquals(429, fifth.statusCode(), fifth.bodyAsString());
    assertEquals("10", fifth.getHeader("Retry-After"));
    releaseWebhook();
  }
}
