package marketgate.gateway.mirror;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import marketgate.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file sent with sendfile while the socket is corked, uncorked when the write is done. */
class CorkedSendfileTest {
  private static final int RESPONSES = 30;
  @TempDir Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    // The gateway's transport (GatewayMetrics.vertxOptions): native epoll on Linux.
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void theBodyIsSentWholeCorkedAndTheSocketIsUncorkedAfterEveryResponse() throws Exception {
    assertTrue(vertx.isNativeTransportEnabled(), "epoll on this Linux machine: " + vertx.unavailableNativeTransportCause());
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    Path file = Files.write(dir.resolve("twin.bin"), body);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    List<Boolean> corkedWhileSending = new CopyOnWriteArrayList<>();
    List<Boolean> corkedAfter = new CopyOnWriteArrayList<>();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      EpollSocketChannel socket = (EpollSocketChannel) ((ConnectionBase) request.connection()).channel();
      // Called as the headers are about to be written, before the file: the write cannot be done yet.
      request.response().headersEndHandler(v -> corkedWhileSending.add(socket.config().isTcpCork()));
      Future<Void> sent = CorkedSendfile.send(request, channel, body.length);
      sent.onComplete(done -> corkedAfter.add(socket.config().isTcpCork()));
    });
    int port = server.listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS).actualPort();
    HttpClient client = vertx.createHttpClient();
    try {
      // Requests one after another on one keep-alive connection: a cork left on would hold each next
      // answer's tail, a body cut short would fail the comparison.
      for (int i = 0; i < RESPONSES; i++) {
        Buffer received = GatewayFixture.onContext(vertx, () -> client.request(HttpMethod.GET, port, "127.0.0.1", "/")
            .compose(request -> request.send())
            .compose(HttpClientResponse::body))
            .await(30, TimeUnit.SECONDS);
        assertArrayEquals(body, received.getBytes(), "response " + i);
      }
      MirrorLayersTest.waitFor(vertx, () -> corkedAfter.size() == RESPONSES).await(60, TimeUnit.SECONDS);
      assertEquals(Collections.nCopies(RESPONSES, true), corkedWhileSending, "corked when the headers are written");
      assertEquals(Collections.nCopies(RESPONSES, false), corkedAfter, "uncorked when each write is done");
    } finally {
      client.close().await(30, TimeUnit.SECONDS);
      channel.close();
    }
  }
}
