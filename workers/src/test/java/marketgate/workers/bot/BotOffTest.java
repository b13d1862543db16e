package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BotOffTest {
  @TempDir Path dataDir;

  @Test
  void withoutATokenTheBotDeploysOffAndStatusSaysWhy(Vertx vertx, VertxTestContext ctx) throws Exception {
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject().put("dataDir", dataDir.toString())
        // Nothing listens here: an "off" bot must not call it.
        .put("bot", new JsonObject().put("apiUrl", "http://127.0.0.1:9")));
    vertx.deployVerticle(new BotVerticle(config, new DataStore(dataDir), MarketClock.withBuiltInHolidays()))
        .compose(id -> vertx.eventBus().request(Addresses.BOT_STATUS, new JsonObject()))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          ReplyException reply = (ReplyException) e;
          assertEquals(503, reply.failureCode());
          assertEquals("the Telegram bot is off: TELEGRAM_BOT_TOKEN is not set", reply.getMessage());
          ctx.completeNow();
        })));
  }
}
