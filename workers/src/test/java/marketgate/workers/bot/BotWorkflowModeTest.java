package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bot.scanMode = workflow} against a local server speaking GitHub's {@code
 * workflow_dispatch} endpoint: 204 is "triggered", and 401, 404 and 422 become replies a user can
 * act on.
 */
@ExtendWith(VertxExtension.class)
class BotWorkflowModeTest {
  @TempDir Path dataDir;
  private final List<JsonObject> dispatches = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(204);

  private Future<HttpServer> github(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (!req.path().matches("/repos/[^/]+/[^/]+/actions/workflows/[^/]+/dispatches")) {
        req.response().setStatusCode(404).end();
        return;
      }
      dispatches.add(body.toJsonObject().put("path", req.path()));
      authorizations.add(String.valueOf(req.getHeader("Authorization")));
      int status = answer.get();
      if (status == 204) {
        req.response().setStatusCode(204).end();
      } else {
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", status == 404 ? "Not Found" : status == 401 ? "Bad credentials"
                : "Workflow does not have 'workflow_dispatch' trigger").encode());
      }
    })).listen(0, "127.0.0.1");
  }

  @Test
  void aScanDispatchesTheWorkflowWithCodeAndChatAndEachRefusalIsExplained(Vertx vertx, VertxTestContext ctx) {
    github(vertx).compose(server -> BotFixture.start(vertx, dataDir, new JsonObject().put("scanMode", "workflow")
            .put("workflow", new JsonObject().put("repository", "acme/screens").put("file", "scan.yml")
                .put("ref", "main").put("githubApiUrl", "http://127.0.0.1:" + server.actualPort())),
        BotFixture.history(List.of("AAA"), List.of()), BotFixture.CLOSED))
        .compose(f -> {
          f.say(77, "/X_12_9_2.5");
          return f.texts(1).compose(t -> {
            answer.set(401);
            f.say(77, "/X_12_9_2.5");
            return f.texts(2);
          }).compose(t -> {
            answer.set(404);
            f.say(77, "/X_12_9_2.5");
            return f.texts(3);
          }).compose(t -> {
            answer.set(422);
            f.say(77, "/X_12_9_2.5");
            return f.texts(4);
          });
        })
        .onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
          JsonObject first = dispatches.get(0);
          assertEquals("/repos/acme/screens/actions/workflows/scan.yml/dispatches", first.getString("path"));
          assertEquals("main", first.getString("ref"));
          assertEquals(new JsonObject().put("code", "X:12:9:2.5").put("chat_id", "77"), first.getJsonObject("inputs"));
          assertEquals("null", authorizations.get(0), "no GITHUB_TOKEN in this test: no Authorization header");
          assertTrue(texts.get(0).startsWith("\u2705 Triggered <code>X:12:9:2.5</code> as workflow <code>scan.yml</code>"
              + " in <code>acme/screens</code>"), texts.get(0));
          assertTrue(texts.get(1).contains("GitHub did not accept its token (401)"), texts.get(1));
          assertTrue(texts.get(2).contains("GitHub has no workflow scan.yml in acme/screens"), texts.get(2));
          assertTrue(texts.get(3).contains("needs a workflow_dispatch trigger with inputs code and chat_id"), texts.get(3));
          ctx.completeNow();
        })));
  }
}
