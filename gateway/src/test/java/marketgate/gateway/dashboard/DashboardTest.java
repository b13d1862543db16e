package marketgate.gateway.dashboard;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import marketgate.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The web app is served from the jar, with the chart library the build bundled; nothing from a CDN. */
@ExtendWith(VertxExtension.class)
class DashboardTest {
  @TempDir Path dataDir;

  @Test
  void theAppAndItsBundledChartLibraryComeFromTheJar(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> Future.all(gw.get("/"), gw.get("/dashboard/app.js"),
            gw.get("/dashboard/vendor/lightweight-charts.standalone.production.js"), gw.get("/dashboard/nope.js")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          GatewayFixture.Reply page = all.resultAt(0);
          assertEquals(200, page.status());
          assertTrue(page.header("content-type").startsWith("text/html"));
          assertEquals("no-cache", page.header("cache-control"));
          assertTrue(page.text().contains("name=\"viewport\""), "works at phone width");
          assertTrue(!page.text().contains("https://"), "no script or style from another host");
          GatewayFixture.Reply app = all.resultAt(1);
          assertEquals(200, app.status());
          assertTrue(app.header("content-type").contains("javascript"), app.header("content-type"));
          GatewayFixture.Reply vendor = all.resultAt(2);
          assertEquals(200, vendor.status());
          assertTrue(vendor.text().contains("LightweightCharts"));
          assertTrue(vendor.header("cache-control").contains("max-age=86400"), vendor.header("cache-control"));
          assertEquals(404, ((GatewayFixture.Reply) all.resultAt(3)).status());
          ctx.completeNow();
        })));
  }
}
