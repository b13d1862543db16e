package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import marketgate.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Paths go to the origin and the GitHub API percent-encoded: never a raw non-ASCII byte in a request line. */
@ExtendWith(VertxExtension.class)
class MirrorUpstreamPathTest {
  @TempDir Path dataDir;

  /** An HTTP origin on 127.0.0.1 that records each request line byte for byte and answers 200. */
  static final class RecordingOrigin {
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private NetServer server;

    RecordingOrigin(Vertx vertx) {
      this.vertx = vertx;
    }

    Future<String> start() {
      server = vertx.createNetServer().connectHandler(socket -> {
        Buffer[] received = {Buffer.buffer()};
        socket.handler(chunk -> {
          received[0].appendBuffer(chunk);
          String head = received[0].toString(StandardCharsets.ISO_8859_1);
          int end = head.indexOf("\r\n\r\n");
          if (end >= 0) {
            requestLines.add(head.substring(0, head.indexOf("\r\n")));
            received[0] = Buffer.buffer(head.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
            socket.write("HTTP/1.1 200 OK\r\ncontent-length: 7\r\netag: \"r1\"\r\n\r\n{\"v\":1}");
          }
        });
      });
      return server.listen(0, "127.0.0.1").map(s -> "http://127.0.0.1:" + s.actualPort());
    }
  }

  private Future<GatewayFixture.Reply> readThrough(Vertx vertx, JsonObject gateway, String uri) {
    return GatewayFixture.start(vertx, dataDir, config(dataDir, gateway)).compose(gw -> gw.get(uri));
  }

  @Test
  void nonAsciiAndSpacesArePercentEncodedToTheOrigin(Vertx vertx, VertxTestContext ctx) {
    RecordingOrigin origin = new RecordingOrigin(vertx);
    origin.start()
        .compose(base -> readThrough(vertx, layers(300, "memory", "origin").put("originUrl", base + "/o/r/main"),
            "/data/%C3%A9t%C3%A9%20x.json"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals("{\"v\":1}", reply.text());
          assertEquals(List.of("GET /o/r/main/data/%C3%A9t%C3%A9%20x.json HTTP/1.1"), origin.requestLines);
          ctx.completeNow();
        })));
  }

  @Test
  void nonAsciiIsPercentEncodedToTheGithubContentsApi(Vertx vertx, VertxTestContext ctx) {
    RecordingOrigin api = new RecordingOrigin(vertx);
    api.start()
        .compose(base -> readThrough(vertx, layers(300, "memory", "github-api")
            .put("githubContentsUrl", base + "/repos/o/r/contents?ref=main"), "/pages/%E0%A4%A8.csv"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(200, reply.status());
          assertEquals(List.of("GET /repos/o/r/contents/pages/%E0%A4%A8.csv?ref=main HTTP/1.1"), api.requestLines);
          ctx.completeNow();
        })));
  }
}
