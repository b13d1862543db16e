package marketgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A 500 tells the client an id to quote, never the exception; the log has the exception under that id. */
@ExtendWith(VertxExtension.class)
class InternalErrorTest {
  @TempDir Path dataDir;
  private final Logger log = (Logger) LoggerFactory.getLogger(GatewayVerticle.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @AfterEach
  void detach() {
    log.detachAppender(logged);
  }

  @Test
  void aFailureIsAnsweredWithACorrelationIdAndLoggedUnderIt(Vertx vertx, VertxTestContext ctx) {
    logged.start();
    log.addAppender(logged);
    GatewayFixture.start(vertx, dataDir, GatewayFixture.config(dataDir, GatewayFixture.layers(300, "memory", "store")))
        .compose(gw -> {
          // A handler that fails the way a bug would; routes may be added to a running router.
          gw.gateway.router().get("/test/fails").handler(rc -> {
            throw new IllegalStateException("secret-internal-detail at /srv/data");
          });
          return gw.get("/test/fails");
        })
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(500, reply.status());
          String id = reply.header("x-request-id");
          assertTrue(id != null && id.matches("[0-9a-f-]{36}"), "an id: " + id);
          assertEquals("internal error", reply.json().getString("error"));
          String detail = reply.json().getString("detail");
          assertTrue(detail.contains(id), detail);
          assertFalse(detail.contains("secret-internal-detail"), "the exception stays in the log: " + detail);
          assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(id)
                  && e.getThrowableProxy() != null && e.getThrowableProxy().getMessage().contains("secret-internal-detail")),
              "logged with the id and the exception");
          ctx.completeNow();
        })));
  }
}
