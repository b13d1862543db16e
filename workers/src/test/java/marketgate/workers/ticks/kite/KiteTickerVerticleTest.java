package marketgate.workers.ticks.kite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.KiteConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KiteTickerVerticleTest {
  private static final int INFY = 408065;
  private static final int NIFTY = 256265;
  private static final Universe UNIVERSE = new Universe(List.of(
      new Instrument(INFY, "INFY", "NSE", Instrument.segmentOf(INFY), 0, 0),
      new Instrument(NIFTY, "NIFTY 50", "NSE", Instrument.segmentOf(NIFTY), 0, 0)));
  private static final Secrets SECRETS =
      Secrets.none().with(Secrets.KITE_API_KEY, "key1").with(Secrets.KITE_ACCESS_TOKEN, "tok/en+2");

  private static KiteConfig config(FakeKiteServer server, int heartbeatTimeoutSeconds) {
    return new KiteConfig(server.url(), "full", null, 30, heartbeatTimeoutSeconds);
  }

  private static void deploy(Vertx vertx, KiteConfig config, VertxTestContext testContext) {
    vertx.deployVerticle(new KiteTickerVerticle(config, SECRETS, UNIVERSE, new Random(1)))
        .onFailure(testContext::failNow);
  }

  private static JsonObject subscribeMessage() {
    return new JsonObject().put("a", "subscribe").put("v", new JsonArray().add(INFY).add(NIFTY));
  }

  private static JsonObject modeMessage() {
    return new JsonObject().put("a", "mode")
        .put("v", new JsonArray().add("full").add(new JsonArray().add(INFY).add(NIFTY)));
  }

  @Test
  void subscribesThenSendsOneTickBatchPerFrame(Vertx vertx, VertxTestContext testContext) {
    FakeKiteServer server = new FakeKiteServer((n, ws) -> {
      ws.writeBinaryMessage(KiteFrames.frame(KiteFrames.resourcePacket("ticker_full.packet"),
          KiteFrames.resourcePacket("ticker_quote.packet"), KiteFrames.ltp(INFY, 157400)));
      ws.writeBinaryMessage(KiteFrames.frame(
          KiteFrames.index(NIFTY, 1800000, 1810000, 1780000, 1785000, 1790000, 1_775_451_000L)));
    });
    List<TickBatch> batches = new CopyOnWriteArrayList<>();
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message -> {
      message.reply(0L); // the engine's acknowledgement: the source's credit back
      batches.add(message.body());
      if (batches.size() < 2) {
        return;
      }
      testContext.verify(() -> {
        assertEquals(List.of(subscribeMessage(), modeMessage()), server.messages.get(0));
        assertEquals("api_key=key1&access_token=tok%2Fen%2B2", server.queries.get(0));
        TickBatch first = batches.get(0);
        assertEquals(3, first.size());
        assertEquals(INFY, first.token(0));
        assertEquals(1573.7, first.price(0));
        assertEquals(1192471, first.cumulativeVolume(0));
        assertEquals(1573.15, first.price(1));
        assertEquals(1175986, first.cumulativeVolume(1));
        assertEquals(1574.0, first.price(2));
        assertEquals(TickBatch.NO_VOLUME, first.cumulativeVolume(2));
        TickBatch second = batches.get(1);
        assertEquals(1, second.size());
        assertEquals(NIFTY, second.token(0));
        assertEquals(18000.0, second.price(0));
        assertEquals(1_775_451_000_000L, second.epochMillis(0));
      });
      testContext.completeNow();
    });
    server.start(vertx).onSuccess(s -> deploy(vertx, config(s, 10), testContext)).onFailure(testContext::failNow);
  }

  @Test
  void garbageFramesAndErrorTextsAreCountedAndTheConnectionStaysUp(Vertx vertx, VertxTestContext testContext) {
    FakeKiteServer server = new FakeKiteServer((n, ws) -> {
      byte[] random = new byte[300];
      new Random(7).nextBytes(random);
      random[0] = 0;
      random[1] = 3;
      ws.writeBinaryMessage(Buffer.buffer(random));
      Buffer whole = KiteFrames.frame(KiteFrames.ltp(INFY, 100), KiteFrames.ltp(INFY, 200));
      ws.writeBinaryMessage(whole.getBuffer(0, whole.length() - 9)); // truncated inside a length field
      ws.writeBinaryMessage(Buffer.buffer(new byte[] {0})); // heartbeat
      ws.writeTextMessage("{\"type\":\"error\",\"data\":\"Invalid access token\"}");
      ws.writeTextMessage("this is not json");
      ws.writeBinaryMessage(KiteFrames.frame(KiteFrames.ltp(INFY, 157500)));
    });
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message -> {
      message.reply(0L); // the engine's acknowledgement: the source's credit back
      if (message.body().price(0) != 1575.0) {
        return; // a tick salvaged from before the cut of the truncated frame
      }
      vertx.eventBus().<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject())
          .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
            JsonObject status = reply.body();
            assertEquals(true, status.getBoolean("connected"));
            assertEquals(1, status.getLong("connects"));
            assertEquals(0, status.getLong("reconnects"));
            assertEquals(4, status.getLong("frames"));
            assertEquals(1, status.getLong("heartbeats"));
            assertTrue(status.getLong("malformed_total") >= 2, status.encode());
            assertEquals(1, status.getJsonObject("malformed").getLong("truncated"));
            assertEquals(2, status.getLong("text_frames"));
            assertEquals(1, status.getLong("errors"));
            assertTrue(status.getString("last_error").contains("Invalid access token"));
            assertTrue(status.getString("last_frame_time").endsWith("Z"));
            testContext.completeNow();
          })));
    });
    server.start(vertx).onSuccess(s -> deploy(vertx, config(s, 10), testContext)).onFailure(testContext::failNow);
  }

  @Test
  void reconnectsAndResubscribesAfterTheServerDropsTheConnection(Vertx vertx, VertxTestContext testContext)
      throws InterruptedException {
    FakeKiteServer server = new FakeKiteServer((n, ws) -> {
      if (n == 0) {
        ws.close();
      } else {
        ws.writeBinaryMessage(KiteFrames.frame(KiteFrames.ltp(INFY, 157600)));
      }
    });
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message ->
        vertx.eventBus().<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject())
            .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
              assertEquals(1576.0, message.body().price(0));
              assertEquals(2, server.queries.size());
              assertEquals(List.of(subscribeMessage(), modeMessage()), server.messages.get(1));
              JsonObject status = reply.body();
              assertEquals(2, status.getLong("connects"));
              assertEquals(1, status.getLong("reconnects"));
              assertEquals(true, status.getBoolean("connected"));
              testContext.completeNow();
            }))));
    server.start(vertx).onSuccess(s -> deploy(vertx, config(s, 10), testContext)).onFailure(testContext::failNow);
    assertTrue(testContext.awaitCompletion(10, TimeUnit.SECONDS));
  }

  @Test
  void silentConnectionIsReplacedAfterTheHeartbeatTimeout(Vertx vertx, VertxTestContext testContext)
      throws InterruptedException {
    FakeKiteServer server = new FakeKiteServer((n, ws) -> {
      if (n > 0) {
        ws.writeBinaryMessage(KiteFrames.frame(KiteFrames.ltp(INFY, 157700)));
      } // the first connection stays silent: no heartbeat, no data
    });
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message ->
        vertx.eventBus().<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject())
            .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
              assertEquals(2, server.queries.size());
              assertEquals(1, reply.body().getLong("heartbeat_timeouts"));
              assertEquals(1, reply.body().getLong("reconnects"));
              testContext.completeNow();
            }))));
    server.start(vertx).onSuccess(s -> deploy(vertx, config(s, 2), testContext)).onFailure(testContext::failNow);
    assertTrue(testContext.awaitCompletion(10, TimeUnit.SECONDS));
  }

  @Test
  void startFailsWithAClearMessageWithoutKiteSecrets(Vertx vertx, VertxTestContext testContext) {
    KiteConfig config = new KiteConfig("ws://127.0.0.1:1/", "full", null, 30, 10);
    vertx.deployVerticle(new KiteTickerVerticle(config, Secrets.none(), UNIVERSE))
        .onComplete(testContext.failing(e -> testContext.verify(() -> {
          assertTrue(e.getMessage().contains("KITE_API_KEY"), e.getMessage());
          testContext.completeNow();
        })));
  }

  /** Asks the source's status until it satisfies the condition (30 s at most). */
  private static io.vertx.core.Future<JsonObject> statusWhen(Vertx vertx, java.util.function.Predicate<JsonObject> until) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    return vertx.eventBus().<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject()).map(m -> m.body())
        .compose(status -> {
          if (until.test(status) || System.nanoTime() > deadline) {
            return io.vertx.core.Future.succeededFuture(status);
          }
          io.vertx.core.Promise<JsonObject> later = io.vertx.core.Promise.promise();
          vertx.setTimer(10, t -> statusWhen(vertx, until).onComplete(later));
          return later.future();
        });
  }

  @Test
  void aSlowEnginePausesTheSocketInsteadOfBufferingFrames(Vertx vertx, VertxTestContext testContext) {
    int frames = 20;
    FakeKiteServer server = new FakeKiteServer((n, ws) -> {
      for (int i = 0; i < frames; i++) {
        ws.writeBinaryMessage(KiteFrames.frame(KiteFrames.ltp(INFY, 150000 + i)));
      }
    });
    // An engine that holds its acknowledgements until the test lets it go on.
    List<io.vertx.core.eventbus.Message<TickBatch>> held = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean acknowledging = new java.util.concurrent.atomic.AtomicBoolean();
    List<Double> prices = new CopyOnWriteArrayList<>();
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message -> {
      prices.add(message.body().price(0));
      if (acknowledging.get()) {
        message.reply(0L);
      } else {
        held.add(message);
      }
    });
    server.start(vertx)
        .compose(s -> vertx.deployVerticle(new KiteTickerVerticle(config(s, 10), SECRETS, UNIVERSE, new Random(1), 3)))
        .compose(id -> statusWhen(vertx, status -> status.getBoolean("paused")))
        .onComplete(testContext.succeeding(paused -> testContext.verify(() -> {
          assertTrue(paused.getBoolean("paused"), paused.encode());
          assertEquals(3, paused.getLong("batches"), "three batches unacknowledged, then the socket is paused");
          assertEquals(3, paused.getJsonObject("intake").getInteger("peak_in_flight"));
          assertEquals(1, paused.getJsonObject("intake").getLong("overflow"));
          acknowledging.set(true);
          held.forEach(m -> m.reply(0L));
          statusWhen(vertx, status -> status.getLong("batches") == frames && !status.getBoolean("paused"))
              .onComplete(testContext.succeeding(resumed -> testContext.verify(() -> {
                assertEquals(frames, resumed.getLong("batches"), "every frame arrives once the engine catches up");
                assertEquals(frames, prices.size());
                assertEquals(1500.19, prices.get(frames - 1));
                assertEquals(0, resumed.getLong("heartbeat_timeouts"));
                testContext.completeNow();
              })));
        })));
  }

  @Test
  void bigUniversesAreSubscribedInBatchesOf3000() {
    List<Integer> tokens = new java.util.ArrayList<>();
    for (int i = 1; i <= 7000; i++) {
      tokens.add(i);
    }
    List<String> messages = KiteSubscribeMessages.build(tokens, "quote", KiteTickerVerticle.SUBSCRIBE_BATCH);

    assertEquals(6, messages.size());
    assertEquals(3000, new JsonObject(messages.get(0)).getJsonArray("v").size());
    JsonObject lastMode = new JsonObject(messages.get(5));
    assertEquals("mode", lastMode.getString("a"));
    assertEquals("quote", lastMode.getJsonArray("v").getString(0));
    assertEquals(1000, lastMode.getJsonArray("v").getJsonArray(1).size());
    assertEquals(7000, lastMode.getJsonArray("v").getJsonArray(1).getInteger(999));
  }

  @Test
  void backoffDoublesFromOneSecondToTheCapWithJitterAndResets() {
    Backoff backoff = new Backoff(1000, 30_000, new Random(3));
    long[] bases = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long base : bases) {
      long delay = backoff.nextDelayMillis();
      assertTrue(delay <= base && delay >= base * 0.8, delay + " for base " + base);
    }
    backoff.reset();
    assertTrue(backoff.nextDelayMillis() <= 1000);
  }
}
