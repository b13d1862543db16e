package marketgate.gateway.mirror;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.gateway.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Raw request lines over a socket, so no client normalises the attack away before the gateway sees it. */
@ExtendWith(VertxExtension.class)
class PathSafetyTest {
  @TempDir Path dataDir;

  static final List<String> ATTACKS = List.of(
      "/data/../../etc/passwd",
      "/data/candles/../../secret.txt",
      "/data/%2e%2e/%2e%2e/secret.txt",
      "/data/%2E%2E/secret.txt",
      "/data/..%2fsecret.txt",
      "/data/%252e%252e/secret.txt",
      "/data//etc/passwd",
      "/data/metadata.json%00.txt",
      "/data/..\\secret.txt",
      "/data/%5c..%5csecret.txt",
      "/pages/./../secret.txt");

  @Test
  void traversalAttemptsAreRefusedWith400Json(Vertx vertx, VertxTestContext ctx) throws Exception {
    Files.writeString(dataDir.resolve("secret.txt"), "top secret");
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> {
          List<Future<String>> answers = new ArrayList<>();
          for (String attack : ATTACKS) {
            answers.add(rawGet(vertx, gw.port(), attack));
          }
          return Future.all(answers).map(done -> answers);
        })
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          for (int i = 0; i < ATTACKS.size(); i++) {
            String answer = answers.get(i).result();
            assertTrue(answer.startsWith("HTTP/1.1 400"), ATTACKS.get(i) + " -> " + answer);
            assertTrue(answer.contains("\"error\""), ATTACKS.get(i) + " -> JSON error: " + answer);
            assertTrue(!answer.contains("top secret"), ATTACKS.get(i) + " leaked the file");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void tempFilesAndFoldersOfTheDataDirectoryAreNeverServed(Vertx vertx, VertxTestContext ctx) throws Exception {
    // A batch being staged and pruned batches kept for reuse live under hidden ".tmp-" names.
    Path spare = Files.createDirectories(dataDir.resolve("pages/daily/.tmp-spare/2025-07-30-1f"));
    Files.writeString(spare.resolve("AAA_PRICE_DATA.csv"), "old batch");
    Files.writeString(dataDir.resolve("pages/daily/.tmp-latest.json-w1-2a"), "half written");
    List<String> paths = List.of("/pages/daily/.tmp-spare/2025-07-30-1f/AAA_PRICE_DATA.csv",
        "/pages/daily/%2Etmp-spare/2025-07-30-1f/AAA_PRICE_DATA.csv", "/pages/daily/.tmp-latest.json-w1-2a");
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> {
          List<Future<String>> answers = new ArrayList<>();
          for (String path : paths) {
            // Twice: a copy read once must not be served from memory the second time either.
            answers.add(rawGet(vertx, gw.port(), path).compose(first -> rawGet(vertx, gw.port(), path)
                .map(second -> first + "\n---\n" + second)));
          }
          return Future.all(answers).map(done -> answers);
        })
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          for (int i = 0; i < paths.size(); i++) {
            String answer = answers.get(i).result();
            assertTrue(answer.startsWith("HTTP/1.1 404") && answer.contains("---\nHTTP/1.1 404"), paths.get(i) + " -> " + answer);
            assertTrue(!answer.contains("old batch") && !answer.contains("half written"), paths.get(i) + " leaked");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void anUnknownRouteIsA404Json(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture.start(vertx, dataDir, config(dataDir, layers(300, "memory", "store")))
        .compose(gw -> rawGet(vertx, gw.port(), "/nowhere"))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
          assertTrue(answer.contains("\"error\":\"not found\""), answer);
          ctx.completeNow();
        })));
  }

  /** Sends {@code GET <raw> HTTP/1.1} byte for byte and returns the whole answer as text. */
  static Future<String> rawGet(Vertx vertx, int port, String raw) {
    Promise<String> answer = Promise.promise();
    // Held until the answer is in, then closed: Vert.x closes a client nobody references when a GC
    // collects it, and that closed the socket before the gateway answered (an empty answer, once in CI).
    NetClient client = vertx.createNetClient();
    answer.future().onComplete(done -> client.close());
    client.connect(port, "127.0.0.1").onSuccess(socket -> {
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> answer.tryComplete(received.toString(StandardCharsets.ISO_8859_1)));
      socket.write("GET " + raw + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }).onFailure(answer::tryFail);
    return answer.future();
  }
}
