package marketgate.gateway.stream;

import static marketgate.gateway.GatewayFixture.config;
import static marketgate.gateway.GatewayFixture.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import marketgate.gateway.GatewayFixture;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The SSE stream over real HTTP on 127.0.0.1, fed by real publishes on the event bus. */
@ExtendWith(VertxExtension.class)
class StreamApiTest {
  @TempDir Path dataDir;

  private Future<GatewayFixture> gateway(Vertx vertx, JsonObject stream) {
    MarketgateConfig cfg = config(dataDir, layers(300, "memory", "store"))
        .withOverrides(new JsonObject().put("stream", stream));
    return GatewayFixture.start(vertx, dataDir, cfg);
  }

  /** A ticks.updates message as CandleUpdatesVerticle publishes it; seq goes into version and close. */
  static JsonObject update(long seq, String... symbols) {
    JsonObject candles = new JsonObject();
    for (String symbol : symbols) {
      JsonObject candle = new JsonObject().put("timestamp", 1_763_610_300L + seq * 60).put("open", 100.0)
          .put("high", 101.0).put("low", 99.0).put("close", 100.0 + seq).put("volume", seq).put("is_complete", false);
      candles.put(symbol, new JsonObject().put("1m", candle).put("5m", candle.copy()));
    }
    return new JsonObject().put("version", seq).put("time", System.currentTimeMillis()).put("candles", candles);
  }

  private static void publish(Vertx vertx, long seq, String... symbols) {
    vertx.eventBus().publish(Addresses.TICKS_UPDATES, update(seq, symbols));
  }

  /** Completes when the condition holds, polling; fails after 30 s. */
  static Future<Void> until(Vertx vertx, Supplier<Boolean> condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + 30_000;
    vertx.setPeriodic(10, id -> {
      if (condition.get()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met in 30 s");
      }
    });
    return done.future();
  }

  private static long stat(GatewayFixture gw, String name) {
    return gw.gateway.streams().stats().getLong(name);
  }

  @Test
  void aClientThatReconnectsWithLastEventIdMissesNothingTheServerStillHeld(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx, new JsonObject()).compose(gw -> SseClient.open(gw, "/api/v1/stream", null)
        .compose(first -> {
          for (long seq = 1; seq <= 3; seq++) {
            publish(vertx, seq, "INFY");
          }
          return first.await(e -> e.json().getLong("version") == 3)
              .compose(e -> first.close().map(v -> first.lastId()));
        })
        .compose(lastSeen -> until(vertx, () -> stat(gw, "clients") == 0).compose(v -> {
          // Published while no one listens: a resuming client must get exactly these, in order.
          for (long seq = 4; seq <= 7; seq++) {
            publish(vertx, seq, "INFY");
          }
          return until(vertx, () -> stat(gw, "events") == 7);
        }).compose(v -> SseClient.open(gw, "/api/v1/stream", String.valueOf(lastSeen)))
            .compose(second -> second.await(e -> e.json().getLong("version") == 7).map(e -> {
              List<Long> versions = second.events.stream().map(ev -> ev.json().getLong("version")).toList();
              List<Long> ids = second.events.stream().map(SseClient.Event::id).toList();
              return new Object[] {lastSeen, versions, ids};
            }))))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          long lastSeen = (Long) r[0];
          assertEquals(List.of(4L, 5L, 6L, 7L), r[1]);
          assertEquals(List.of(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4), r[2]);
          ctx.completeNow();
        })));
  }

  @Test
  void aResumeFromBeforeTheRingOrFromAnotherGatewayGetsAnExplicitReset(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx, new JsonObject().put("ringEvents", 16)).compose(gw -> {
      for (long seq = 1; seq <= 40; seq++) {
        publish(vertx, seq, "INFY");
      }
      return until(vertx, () -> stat(gw, "events") == 40)
          .compose(v -> SseClient.open(gw, "/api/v1/stream", "2"))
          .compose(old -> old.await(e -> true).compose(first -> {
            publish(vertx, 41, "INFY");
            return old.await(e -> "candles".equals(e.type())).map(next -> List.of(first, next));
          }))
          .compose(events -> SseClient.open(gw, "/api/v1/stream", "999999")
              .compose(future -> future.await(e -> true)).map(e -> List.of(events.get(0), events.get(1), e)));
    }).onComplete(ctx.succeeding(events -> ctx.verify(() -> {
      assertEquals("reset", events.get(0).type());
      assertEquals(41L, events.get(1).json().getLong("version"), "after a reset, live events follow");
      assertEquals("reset", events.get(2).type(), "an id this gateway never sent");
      ctx.completeNow();
    })));
  }

  @Test
  void filtersSendOnlyTheAskedSymbolsIntervalsAndEventTypes(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx, new JsonObject()).compose(gw -> SseClient.open(gw,
            "/api/v1/stream?symbols=infy,TCS&intervals=5m&events=candles,alert", null)
        .compose(sse -> {
          publish(vertx, 1, "RELIANCE");
          publish(vertx, 2, "INFY", "RELIANCE");
          vertx.eventBus().publish(Addresses.SNAPSHOT_PUBLISHED, new JsonObject().put("time", "t")
              .put("files", new JsonArray()));
          vertx.eventBus().publish(Addresses.MONITOR_ALERTS, new JsonObject().put("incident", "kite down"));
          return sse.await(e -> "alert".equals(e.type())).map(alert -> sse.events);
        }))
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertEquals(List.of("candles", "alert"), events.stream().map(SseClient.Event::type).toList(), "" + events);
          JsonObject candles = events.get(0).json().getJsonObject("candles");
          assertEquals(List.of("INFY"), List.copyOf(candles.fieldNames()));
          assertEquals(List.of("5m"), List.copyOf(candles.getJsonObject("INFY").fieldNames()));
          assertEquals("monitor", events.get(1).json().getString("source"));
          assertEquals("kite down", events.get(1).json().getString("incident"));
          ctx.completeNow();
        })));
  }

  @Test
  void unknownIntervalsTooManySymbolsAndUnknownEventsAre400(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx, new JsonObject().put("maxSymbols", 2)).compose(gw -> Future.all(
            gw.get("/api/v1/stream?intervals=7m"),
            gw.get("/api/v1/stream?symbols=A,B,C"),
            gw.get("/api/v1/stream?events=trades")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 3; i++) {
            GatewayFixture.Reply reply = all.resultAt(i);
            assertEquals(400, reply.status(), reply.text());
            assertTrue(reply.json().getString("detail").length() > 10, reply.text());
          }
          ctx.completeNow();
        })));
  }

  @Test
  void pastTheCapAStreamIsRefusedWith503AndRetryAfterAndStatusCountsIt(Vertx vertx, VertxTestContext ctx) {
    gateway(vertx, new JsonObject().put("maxClients", 2).put("retryAfterSeconds", 7)).compose(gw ->
            SseClient.open(gw, "/api/v1/stream", null)
                .compose(a -> SseClient.open(gw, "/api/v1/stream", null))
                .compose(b -> gw.get("/api/v1/stream"))
                .compose(reply -> gw.get("/status").map(status -> new Object[] {reply,
                    status.json().getJsonObject("gateway").getJsonObject("streams")})))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          GatewayFixture.Reply reply = (GatewayFixture.Reply) r[0];
          assertEquals(503, reply.status());
          assertEquals("7", reply.header("retry-after"));
          assertEquals(2, ((JsonObject) r[1]).getInteger("clients"));
          assertEquals(1, ((JsonObject) r[1]).getInteger("refused"));
          ctx.completeNow();
        })));
  }

  @Test
  void aClientThatStopsReadingIsDroppedWithAFinalEventAndItsQueueStaysBounded(Vertx vertx, VertxTestContext ctx) {
    int queueBytes = 16_384;
    String[] symbols = new String[500];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = "SYM" + i;
    }
    int frameBytes = update(1_000_000, symbols).encode().length() + 100;
    gateway(vertx, new JsonObject().put("clientQueueBytes", queueBytes)).compose(gw -> vertx.executeBlocking(() -> {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(1024);
      socket.connect(new InetSocketAddress("127.0.0.1", gw.port()));
      socket.getOutputStream().write("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return socket;
    }).compose(socket -> until(vertx, () -> stat(gw, "clients") == 1).compose(v -> {
      // Publish until the gateway gives up on the reader; the socket is not read meanwhile.
      long[] seq = {0};
      long feeder = vertx.setPeriodic(5, id -> publish(vertx, ++seq[0], symbols));
      return until(vertx, () -> stat(gw, "dropped_slow") == 1).onComplete(x -> vertx.cancelTimer(feeder))
          .map(x -> seq[0]);
    }).compose(published -> {
      JsonObject stats = gw.gateway.streams().stats();
      return vertx.executeBlocking(() -> {
        socket.setSoTimeout(30_000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        in.transferTo(all);
        socket.close();
        return new Object[] {stats, all.toString(StandardCharsets.UTF_8), published};
      });
    })))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject stats = (JsonObject) r[0];
          String received = (String) r[1];
          assertEquals(0, stats.getInteger("clients"), "the dropped client is no longer held");
          assertTrue(stats.getLong("max_pending_bytes") <= queueBytes + frameBytes,
              "queued for one client at most its bound plus one frame: " + stats);
          assertTrue(received.contains("event: dropped"), "the final event reaches a reader that comes back");
          assertTrue(received.length() < (long) r[2] * frameBytes, "it was not sent everything published");
          ctx.completeNow();
        })));
  }
}
