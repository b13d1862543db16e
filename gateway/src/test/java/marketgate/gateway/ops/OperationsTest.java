package marketgate.gateway.ops;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Status, health, metrics and the OpenAPI document. */
@ExtendWith(VertxExtension.class)
class OperationsTest {
  @TempDir Path dataDir;
  private Vertx metered;

  @AfterEach
  void closeMetered() {
    if (metered != null) {
      metered.close().await();
    }
  }

  private Future<GatewayFixture> gateway(Vertx vertx) {
    return GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")));
  }

  @Test
  void statusReportsSilentPipelinesAsNotRunning(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer(Addresses.TICKS_STATS, m -> m.reply(new JsonObject().put("instruments", 42)));
    gateway(vertx).compose(gw -> gw.get("/status").compose(json -> gw.get("/status", "Accept", "text/html,application/json;q=0.9")
            .map(html -> new GatewayFixture.Reply[] {json, html})))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject pipelines = r[0].json().getJsonObject("pipelines");
          assertEquals("running", pipelines.getJsonObject("ticks").getString("state"));
          assertEquals(42, pipelines.getJsonObject("ticks").getJsonObject("details").getInteger("instruments"));
          for (String silent : new String[] {"publish", "scans", "bot", "bluedot", "monitor"}) {
            assertEquals("not running", pipelines.getJsonObject(silent).getString("state"), silent);
            assertTrue(pipelines.getJsonObject(silent).getString("reason").startsWith("nothing runs it in this node; it runs on a node with the "),
                pipelines.getJsonObject(silent).encode());
          }
          assertTrue(pipelines.getJsonObject("bluedot").getString("reason").contains("bluedot.folderId"));
          assertTrue(r[0].json().getJsonObject("gateway").containsKey("layers"));
          assertTrue(r[1].header("content-type").startsWith("text/html"));
          assertTrue(r[1].text().contains("<table>"));
          ctx.completeNow();
        })));
  }

  @Test
  void readyOnlyOnceTheCandleStoreAnswers(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx).compose(gw -> gw.get("/health/live").compose(live -> gw.get("/health/ready").compose(notReady -> {
          vertx.eventBus().consumer(Addresses.TICKS_STATS, m -> m.reply(new JsonObject()));
          return gw.get("/health/ready").map(ready -> new int[] {live.status(), notReady.status(), ready.status()});
        })))
        .onComplete(ctx.succeeding(codes -> ctx.verify(() -> {
          assertEquals(200, codes[0]);
          assertEquals(503, codes[1]);
          assertEquals(200, codes[2]);
          ctx.completeNow();
        })));
  }

  @Test
  void metricsExposeHttpRoutesAndCacheCountersInPrometheusText(VertxTestContext ctx) throws Exception {
    metered = Vertx.vertx(GatewayMetrics.vertxOptions(new VertxOptions()));
    new DataStore(dataDir).write("data/metadata.json", "{}".getBytes());
    gateway(metered).compose(gw -> gw.get("/data/metadata.json").compose(a -> gw.get("/data/metadata.json"))
            .compose(b -> gw.get("/metrics")))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          String text = r.text();
          assertEquals(200, r.status());
          assertTrue(text.contains("marketgate_gateway_cache_hits_total{layer=\"memory\"} 1.0"), "memory hit counted");
          assertTrue(text.contains("marketgate_gateway_cache_hits_total{layer=\"store\"} 1.0"), "store hit counted");
          assertTrue(text.contains("marketgate_gateway_upstream_latency_seconds"), "upstream latency timer");
          assertTrue(text.contains("marketgate_gateway_singleflight_waits_total"), "single-flight waits");
          assertTrue(text.contains("marketgate_http_server_requests_seconds_count{code=\"200\",method=\"GET\",route=\"/data/\"} 2"), "HTTP server metrics labelled by route:\n" + grep(text, "http_server_requests"));
          // Latency buckets: both requests took less than 10 s, so the last bucket holds them both.
          assertTrue(text.contains("marketgate_http_server_requests_seconds_bucket{code=\"200\",method=\"GET\",route=\"/data/\",le=\"10.0\"} 2"),
              "latency histogram buckets:\n" + grep(text, "http_server_requests_seconds_bucket"));
          ctx.completeNow();
        })));
  }

  @Test
  void theOpenApiDocumentListsExactlyTheRoutesTheRouterServes(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx).onComplete(ctx.succeeding(gw -> ctx.verify(() -> {
      Set<String> served = new TreeSet<>();
      for (Route route : gw.gateway.router().getRoutes()) {
        if (route.getPath() == null || route.methods() == null) {
          continue; // the raw-path guard applies to every route and is no endpoint
        }
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
        if (path.endsWith("/") && path.length() > 1) {
          path = path + "{path}"; // "/data/*" is stored as the prefix "/data/"
        }
        for (var method : route.methods()) {
          served.add(method.name().toLowerCase() + " " + path);
        }
      }
      assertEquals(documented(OpenApiDocument.text()), served);
      ctx.completeNow();
    })));
  }

  /** "method path" pairs of an OpenAPI document's paths section (two-space path keys, four-space methods). */
  static Set<String> documented(String yaml) {
    Set<String> out = new TreeSet<>();
    String path = null;
    boolean inPaths = false;
    for (String line : yaml.split("\n")) {
      if (line.startsWith("paths:")) {
        inPaths = true;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher p = Pattern.compile("^  (/\\S*):\\s*$").matcher(line);
      Matcher m = Pattern.compile("^    (get|post|put|delete|patch|head|options):").matcher(line);
      if (p.find()) {
        path = p.group(1);
      } else if (m.find() && path != null) {
        out.add(m.group(1) + " " + path);
      } else if (!line.isBlank() && !line.startsWith(" ")) {
        inPaths = false;
      }
    }
    return out;
  }

  private static String grep(String text, String needle) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void requestTimersAreTaggedPerMethodOnTheSameRoute(Vertx vertx, VertxTestContext ctx) throws Exception {
    new DataStore(dataDir).write("data/metadata.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    io.vertx.core.MultiMap none = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    // A refused path is answered by the path guard, one route for every method.
    gateway(vertx).compose(gw -> gw.get("/data/%2e%2e/x").compose(get -> gw.request(io.vertx.core.http.HttpMethod.HEAD,
            "/data/%2e%2e/x", none, null))
            .compose(head -> gw.get("/data/metadata.json"))
            .compose(get -> gw.request(io.vertx.core.http.HttpMethod.HEAD, "/data/metadata.json", none, null))
            // A request's timer is recorded when its response ends, possibly on another event loop
            // than the client's next request: wait for both series rather than race them.
            .compose(head -> marketgate.shared.testing.Eventually.untilTrue(vertx,
                () -> methods(gw, "400").size() == 2 && methods(gw, "200").size() == 2).map(gw)))
        .onComplete(ctx.succeeding(gw -> ctx.verify(() -> {
          for (String code : new String[] {"400", "200"}) {
            assertEquals(Set.of("GET", "HEAD"), methods(gw, code), "one series per method for status " + code);
          }
          ctx.completeNow();
        })));
  }

  private static Set<String> methods(GatewayFixture gw, String code) {
    Set<String> methods = new TreeSet<>();
    gw.gateway.metrics().registry().find("marketgate_http_server_requests").tag("code", code).timers()
        .forEach(t -> methods.add(t.getId().getTag("method")));
    return methods;
  }
}
