package marketgate.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The npm Bot API emulator {@code telegram-test-api} as a child process on 127.0.0.1, installed by
 * the test itself ({@code npm ci} of {@code src/test/node/telegram-emulator} into
 * {@code target/telegram-emulator}, once). Speaks the Bot API to the bot at {@link #apiUrl()} and
 * plays the user through its client endpoints ({@code /sendMessage}, {@code /sendCallback},
 * {@code /getUpdatesHistory}).
 */
final class TelegramEmulator implements AutoCloseable {
  private static final Path SOURCE = Path.of("src/test/node/telegram-emulator");
  private static final Path INSTALL = Path.of("target/telegram-emulator");

  private final Process process;
  private final WebClient client;
  private final String token;
  final int port;

  private TelegramEmulator(Process process, WebClient client, String token, int port) {
    this.process = process;
    this.client = client;
    this.token = token;
    this.port = port;
  }

  /** Installs (first time) and starts the emulator; blocking, call from the test thread. */
  static TelegramEmulator start(Vertx vertx, String token) throws Exception {
    install();
    int port = ChildProcess.freePort();
    Process process = new ProcessBuilder("node", "emulator.js", Integer.toString(port))
        .directory(INSTALL.toFile()).redirectErrorStream(true).start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("READY")) {
            ready.complete(null);
          }
        }
        ready.completeExceptionally(new IOException("the emulator exited before it was ready"));
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
    }, "telegram-emulator-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
    return new TelegramEmulator(process, WebClient.create(vertx), token, port);
  }

  private static synchronized void install() throws IOException, InterruptedException {
    Files.createDirectories(INSTALL);
    for (String file : List.of("package.json", "package-lock.json", "emulator.js")) {
      Files.copy(SOURCE.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(INSTALL.resolve("node_modules/telegram-test-api"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(INSTALL.toFile())
        .redirectErrorStream(true).redirectOutput(INSTALL.resolve("npm.log").toFile()).start();
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IOException("npm ci of telegram-test-api failed:\n" + Files.readString(INSTALL.resolve("npm.log")));
    }
  }

  /** The {@code bot.apiUrl} for marketgate. */
  String apiUrl() {
    return "http://127.0.0.1:" + port;
  }

  private JsonObject user(long chatId) {
    return new JsonObject().put("id", chatId).put("first_name", "Asha").put("username", "asha").put("is_bot", false);
  }

  /** The user types a message; with a webhook set the emulator delivers it before answering. */
  Future<Void> userSays(long chatId, String text) {
    JsonObject message = new JsonObject().put("botToken", token).put("date", System.currentTimeMillis() / 1000)
        .put("text", text).put("from", user(chatId))
        .put("chat", new JsonObject().put("id", chatId).put("type", "private").put("first_name", "Asha"));
    return post("/sendMessage", message);
  }

  /** The user presses an inline button of the bot's message {@code messageId}. */
  Future<Void> userPresses(long chatId, long messageId, String data) {
    JsonObject query = new JsonObject().put("botToken", token).put("date", System.currentTimeMillis() / 1000)
        .put("data", data).put("from", user(chatId))
        .put("message", new JsonObject().put("message_id", messageId)
            .put("chat", new JsonObject().put("id", chatId).put("type", "private")));
    return post("/sendCallback", query);
  }

  private Future<Void> post(String path, JsonObject body) {
    return client.postAbs(apiUrl() + path).timeout(30_000).sendJsonObject(body).compose(r -> r.statusCode() == 200
        ? Future.succeededFuture()
        : Future.failedFuture(path + " answered " + r.statusCode() + ": " + r.bodyAsString()));
  }

  /** The bot's messages (as last edited), oldest first: {@code {"messageId", "message": {...}}}. */
  Future<List<JsonObject>> botMessages() {
    return client.postAbs(apiUrl() + "/getUpdatesHistory").timeout(10_000)
        .sendJsonObject(new JsonObject().put("token", token))
        .map(r -> {
          JsonArray all = r.bodyAsJsonObject().getJsonArray("result", new JsonArray());
          return all.stream().map(o -> (JsonObject) o)
              .filter(u -> u.getJsonObject("message") != null && u.getJsonObject("message").containsKey("chat_id"))
              .toList();
        });
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    client.close();
  }
}
