package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs as a Vert.x cluster on Hazelcast (TCP on 127.0.0.1): a worker node with the candle
 * engine, publisher, history and scans, and a gateway node with nothing but HTTP. The gateway
 * answers from the worker over the clustered event bus, and streams its live candles.
 */
class ClusterIT {
  private static final String TOKEN = "cluster-it-token-5d2e";

  @TempDir Path dir;

  @Test
  void aGatewayNodeServesTheWorkerNodesCandlesScansAndSnapshot() throws Exception {
    String clusterFile = Path.of(ClusterIT.class.getResource("/cluster-localhost.xml").toURI()).toString();
    Map<String, String> env = Map.of(
        "MARKETGATE_CLUSTER_CONFIG_FILE", clusterFile,
        "MARKETGATE_SIMULATOR_TICKS_PER_SECOND", "2000",
        "MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT", "300",
        "MARKETGATE_API_TOKEN", TOKEN);
    int port = ChildProcess.freePort();
    try (ChildProcess worker = ChildProcess.start(dir, env, 0, "worker", "--roles", "ticks,publish,history,scans",
            "--data-dir", dir.resolve("worker").toString());
        ChildProcess gateway = ChildProcess.start(dir, env, port, "gateway", "--port", String.valueOf(port),
            "--data-dir", dir.resolve("gateway").toString())) {
      // Ready means the candle store answered over the bus and this node joined the cluster.
      gateway.awaitReady(Duration.ofSeconds(90));

      // Ready can come before the simulator's first batch: wait for the first candle of the symbol.
      JsonObject candles = new JsonObject(gateway.get("/api/v1/candles/20MICRONS?interval=1m&count=5"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (candles.getJsonArray("candles").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        candles = new JsonObject(gateway.get("/api/v1/candles/20MICRONS?interval=1m&count=5"));
      }
      assertEquals("20MICRONS", candles.getString("symbol"));
      assertTrue(!candles.getJsonArray("candles").isEmpty(), "candles came from the worker node: " + candles);

      // The live stream: this gateway holds no candle store; its SSE comes from the worker over the bus.
      HttpResponse<Stream<String>> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/api/v1/stream?symbols=20MICRONS&intervals=1m&events=candles")).build(),
              HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, stream.statusCode());
      try (Stream<String> lines = stream.body()) {
        String event = CompletableFuture.supplyAsync(() -> lines
                .filter(line -> line.startsWith("data: ")).findFirst().orElse(""))
            .get(60, TimeUnit.SECONDS);
        JsonObject candle = new JsonObject(event.substring("data: ".length())).getJsonObject("candles")
            .getJsonObject("20MICRONS").getJsonObject("1m");
        assertTrue(candle.getDouble("close") > 0, "a live 1m candle through the gateway node: " + event);
      }

      HttpResponse<String> posted = gateway.post("/api/v1/scans", "{\"code\":\"X:12:0\"}", "content-type", "application/json",
          "Authorization", "Bearer " + TOKEN);
      assertEquals(200, posted.statusCode(), posted.body());
      JsonObject scan = new JsonObject(posted.body());
      assertTrue(scan.getInteger("scanned") > 0, "the scan ran on the worker node: " + scan);

      // A job submitted to the gateway runs on the worker node (the gateway node has no scans role),
      // through the cluster-wide job records.
      JsonObject accepted = new JsonObject(send(gateway, HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"job\":\"scan\",\"args\":{\"code\":\"X:12:0\"}}"))
          .header("content-type", "application/json"), 202));
      JsonObject job = awaitJob(gateway, accepted.getString("id"));
      assertEquals("succeeded", job.getString("state"), job.encodePrettily());
      assertTrue(job.getJsonObject("result").getJsonObject("scan").getInteger("scanned") > 0, job.encodePrettily());
      assertTrue(job.getString("node") != null && !job.getString("node").equals("local"), job.encodePrettily());

      HttpResponse<byte[]> latest = gateway.awaitOk("/data/candles/latest.json.gz", Duration.ofSeconds(30));
      String source = latest.headers().firstValue("x-data-source").orElse("");
      // The gateway node has no files: the copy came over the bus, asked for (live) or pushed on
      // snapshot.published into memory before this request.
      assertTrue(source.equals("live") || source.equals("memory"), "served from " + source);
      assertTrue(!java.nio.file.Files.exists(dir.resolve("gateway/data/candles/latest.json.gz")));
      assertTrue(latest.body().length > 0);

      worker.process.destroy();
      gateway.process.destroy();
      assertEquals(143, gateway.waitFor(Duration.ofSeconds(60)));
      worker.waitFor(Duration.ofSeconds(60));
      assertTrue(worker.log().contains("stopped cleanly"), worker.log());
    }
  }

  private static String send(ChildProcess child, HttpRequest.Builder request, int status) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, response.statusCode(), response.body() + "\n" + child.log());
    return response.body();
  }

  private static JsonObject awaitJob(ChildProcess gateway, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject job = new JsonObject(send(gateway, HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.port + "/api/v1/jobs/" + id)).GET(), 200));
      if (!job.getString("state").equals("queued") && !job.getString("state").equals("running")) {
        return job;
      }
      assertTrue(System.nanoTime() < deadline, "the job did not finish: " + job.encodePrettily());
      Thread.sleep(100);
    }
  }
}
