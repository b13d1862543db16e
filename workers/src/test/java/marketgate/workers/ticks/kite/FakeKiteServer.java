package marketgate.workers.ticks.kite;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A Kite-speaking WebSocket server on 127.0.0.1: records each connection's query and text frames,
 * and once a connection has sent its mode message hands it to the test's script.
 */
final class FakeKiteServer {
  final List<String> queries = new CopyOnWriteArrayList<>();
  final List<List<JsonObject>> messages = new CopyOnWriteArrayList<>();
  private final BiConsumer<Integer, ServerWebSocket> onSubscribed;
  private HttpServer server;

  /** @param onSubscribed (connection number from 0, socket) after the client's mode message */
  FakeKiteServer(BiConsumer<Integer, ServerWebSocket> onSubscribed) {
    this.onSubscribed = onSubscribed;
  }

  Future<FakeKiteServer> start(Vertx vertx) {
    server = vertx.createHttpServer().webSocketHandler(ws -> {
      int number = queries.size();
      queries.add(String.valueOf(ws.query()));
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      messages.add(received);
      ws.textMessageHandler(text -> {
        JsonObject message = new JsonObject(text);
        received.add(message);
        if ("mode".equals(message.getString("a"))) {
          onSubscribed.accept(number, ws);
        }
      });
    });
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "ws://127.0.0.1:" + port() + "/";
  }
}
