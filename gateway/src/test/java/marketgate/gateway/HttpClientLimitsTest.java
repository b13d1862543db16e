package marketgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow, idle, too many and malformed clients: connections are closed on time and counted, a
 * connection past the cap is refused, and 414/431 answers are the same JSON as every other error.
 */
@ExtendWith(VertxExtension.class)
class HttpClientLimitsTest {
  /** Generous: the server's timeouts are 1 s; this only stops a broken server from hanging the suite. */
  private static final int DEADLINE_MILLIS = 30_000;

  @TempDir Path dataDir;

  private GatewayFixture start(Vertx vertx, JsonObject http) throws Exception {
    new DataStore(dataDir).write("data/metadata.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    MarketgateConfig config = GatewayFixture.config(dataDir, GatewayFixture.layers(300, "memory", "store"))
        .withOverrides(new JsonObject().put("http", http));
    return GatewayFixture.start(vertx, dataDir, config).toCompletionStage().toCompletableFuture()
        .get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private Socket connect(GatewayFixture gw) throws IOException {
    Socket socket = new Socket("127.0.0.1", gw.port());
    socket.setSoTimeout(DEADLINE_MILLIS);
    return socket;
  }

  /** Everything the server sends until it closes the connection (a reset counts as a close). */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // closed by the server
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private static double count(GatewayFixture gw, String name, String kind) {
    MeterRegistry registry = gw.gateway.metrics().registry();
    var search = registry.find(name);
    if (kind != null) {
      search = search.tag("kind", kind);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aConnectionThatSendsNoRequestIsClosedAfterTheHeaderTimeout(Vertx vertx) throws Exception {
    GatewayFixture gw = start(vertx, new JsonObject().put("headerTimeoutSeconds", 1).put("idleTimeoutSeconds", 60));
    try (Socket idle = connect(gw)) {
      assertEquals("", readUntilClosed(idle), "closed without an answer");
    }
    assertEquals(1.0, count(gw, "marketgate_http_connection_timeouts", "header"));
  }

  @Test
  void aClientTricklingHalfAHeaderIsClosedAfterTheHeaderTimeout(Vertx vertx) throws Exception {
    // Idle timeout far away: bytes keep arriving, so only the header deadline can close this connection.
    GatewayFixture gw = start(vertx, new JsonObject().put("headerTimeoutSeconds", 1).put("idleTimeoutSeconds", 60));
    Promise<Void> closed = Promise.promise();
    // Closed in the finally below, so it stays reachable: Vert.x closes a collected client's sockets,
    // which would close this connection without the server's header timeout.
    io.vertx.core.net.NetClient client = vertx.createNetClient();
    NetSocket socket = client.connect(gw.port(), "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    socket.closeHandler(v -> closed.tryComplete());
    socket.write("GET /data/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    long trickle = vertx.setPeriodic(100, id -> socket.write(Buffer.buffer("a")));
    try {
      closed.future().toCompletionStage().toCompletableFuture().get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    } finally {
      vertx.cancelTimer(trickle);
      client.close();
    }
    assertEquals(1.0, count(gw, "marketgate_http_connection_timeouts", "header"));
  }

  @Test
  void aKeepAliveConnectionIdleBetweenRequestsIsClosedAfterTheIdleTimeout(Vertx vertx) throws Exception {
    GatewayFixture gw = start(vertx, new JsonObject().put("headerTimeoutSeconds", 60).put("idleTimeoutSeconds", 1));
    try (Socket socket = connect(gw)) {
      socket.getOutputStream().write("GET /data/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      String all = readUntilClosed(socket);
      assertTrue(all.startsWith("HTTP/1.1 200"), all);
      assertTrue(all.endsWith("{\"v\":1}"), "the answer, then nothing until the close: " + all);
    }
    assertEquals(1.0, count(gw, "marketgate_http_connection_timeouts", "idle"));
  }

  @Test
  void aConnectionPastTheCapIsClosedAtOnceAndTheOthersKeepWorking(Vertx vertx) throws Exception {
    GatewayFixture gw = start(vertx, new JsonObject().put("maxConnections", 2).put("headerTimeoutSeconds", 60));
    try (Socket first = connect(gw); Socket second = connect(gw)) {
      MeterRegistry registry = gw.gateway.metrics().registry();
      long until = System.currentTimeMillis() + DEADLINE_MILLIS;
      // Accepting is asynchronous: wait until the server counts both before opening the third.
      while (registry.find("marketgate_http_connections_open").gauge().value() < 2) {
        assertTrue(System.currentTimeMillis() < until, "the server never counted two connections");
        Thread.onSpinWait();
      }
      try (Socket third = connect(gw)) {
        third.getOutputStream().write("GET /data/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("", readUntilClosed(third), "refused without an answer");
      }
      assertEquals(1.0, count(gw, "marketgate_http_connections_rejected", null));
      first.getOutputStream().write("GET /data/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      assertTrue(readUntilClosed(first).startsWith("HTTP/1.1 200"), "a connection within the cap is served");
    }
  }

  private static void assertJsonError(String raw, int status, String error) {
    // HTTP/1.0 when the request line itself could not be read.
    assertTrue(raw.matches("(?s)HTTP/1\\.[01] " + status + " .*"), raw);
    int split = raw.indexOf("\r\n\r\n");
    String head = raw.substring(0, split).toLowerCase();
    assertTrue(head.contains("content-type: application/json"), head);
    JsonObject body = new JsonObject(raw.substring(split + 4));
    assertEquals(error, body.getString("error"));
    assertTrue(body.getString("detail").length() > 10, "a detail a person can act on");
  }

  @Test
  void aTooLongRequestLineGetsA414Json(Vertx vertx) throws Exception {
    GatewayFixture gw = start(vertx, new JsonObject());
    try (Socket socket = connect(gw)) {
      socket.getOutputStream().write(("GET /data/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      assertJsonError(readUntilClosed(socket), 414, "uri too long");
    }
  }

  @Test
  void tooLargeHeadersGetA431Json(Vertx vertx) throws Exception {
    GatewayFixture gw = start(vertx, new JsonObject());
    try (Socket socket = connect(gw)) {
      socket.getOutputStream().write(("GET /data/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
          + "b".repeat(10_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertJsonError(readUntilClosed(socket), 431, "headers too large");
    }
  }

  @Test
  void aWebSocketUpgradeIsAnsweredAsAnyUnknownPathWithNoHandshakeOrExtension(Vertx vertx) throws Exception {
    // No WebSocket endpoints: the server is built without WebSocket compression, so no extension
    // handler sits in every connection's pipeline, and an upgrade is just a request the router 404s.
    assertFalse(GatewayVerticle.serverOptions(MarketgateConfig.defaults().http()).getPerMessageWebSocketCompressionSupported());
    assertFalse(GatewayVerticle.serverOptions(MarketgateConfig.defaults().http()).getPerFrameWebSocketCompressionSupported());
    GatewayFixture gw = start(vertx, new JsonObject());
    try (Socket socket = connect(gw)) {
      socket.getOutputStream().write(("GET /api/v1/stream/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
          + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String raw = readOneResponse(socket);
      assertFalse(raw.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket"), raw);
      assertJsonError(raw, 404, "not found");
    }
  }

  /** One response on a connection the server keeps open: the head, then Content-Length bytes of body. */
  private static String readOneResponse(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
    }
    String head = out.toString(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    assertTrue(length.find(), head);
    out.write(in.readNBytes(Integer.parseInt(length.group(1))));
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
