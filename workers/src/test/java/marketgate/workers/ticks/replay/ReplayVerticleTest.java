package marketgate.workers.ticks.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.ReplayConfig;
import marketgate.shared.model.TickBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ReplayVerticleTest {

  @Test
  void aRealFileReplaysEveryEntryEndingOnItsCloseAndVolume(Vertx vertx, VertxTestContext testContext,
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, TicksJsonReaderTest.realFile());
    TicksFile expected = TicksJsonReader.read(file);
    Map<Integer, double[]> lastByToken = new HashMap<>(); // token -> {price, volume}
    long[] ticks = {0};
    long[] previousTime = {Long.MIN_VALUE};
    boolean[] ordered = {true};
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, message -> {
      message.reply(0L); // acknowledged like the engine does: the replay's credit back
      TickBatch batch = message.body();
      for (int i = 0; i < batch.size(); i++) {
        ticks[0]++;
        lastByToken.put(batch.token(i), new double[] {batch.price(i), batch.cumulativeVolume(i)});
        if (batch.cumulativeVolume(i) != TickBatch.NO_VOLUME) { // an entry's close tick
          ordered[0] &= batch.epochMillis(i) >= previousTime[0];
          previousTime[0] = batch.epochMillis(i);
        }
      }
    });
    ReplayVerticle replay = new ReplayVerticle(new ReplayConfig(file, 0));
    vertx.deployVerticle(replay)
        .compose(id -> replay.completion())
        // completion() waits for the engine's acknowledgement of the last batch: every tick is here.
        .onComplete(testContext.succeeding(summary -> testContext.verify(() -> {
          assertEquals(2456, summary.getInteger("entries"));
          assertEquals(2456, summary.getInteger("entries_sent"));
          assertTrue(summary.getBoolean("done"));
          assertEquals(ticks[0], summary.getLong("ticks"));
          assertEquals(2456, lastByToken.size());
          for (TicksEntry entry : expected.entries()) {
            double[] last = lastByToken.get(entry.token());
            assertEquals(entry.lastPrice(), last[0], entry.key());
            assertEquals(entry.volume(), (long) last[1], entry.key());
          }
          assertTrue(ordered[0], "entries go out oldest first");
          testContext.completeNow();
        })));
  }

  @Test
  void replayReportsBadEntriesOnTheStatusAddress(Vertx vertx, VertxTestContext testContext, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, """
        {"1": {"instrument_token": 1, "trading_symbol": "A",
               "ohlcv": {"timestamp": "2026-04-06T10:28:00+05:30", "open": 10, "high": 11, "low": 9, "close": 10.5}},
         "2": {"instrument_token": 2, "trading_symbol": "B", "ohlcv": "broken"}}
        """);
    ReplayVerticle replay = new ReplayVerticle(file, 0);
    vertx.deployVerticle(replay)
        .compose(id -> replay.completion())
        .compose(done -> vertx.eventBus().<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject()))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          JsonObject status = reply.body();
          assertEquals("replay", status.getString("source"));
          assertEquals(1, status.getInteger("entries"));
          assertEquals(new JsonObject().put("key", "2").put("reason", "ohlcv is not an object"),
              status.getJsonArray("bad_entries").getJsonObject(0));
          assertEquals(4, status.getLong("ticks")); // an up day: 10, 9, 11, 10.5
          testContext.completeNow();
        })));
  }

  @Test
  void atSpeedTwoTheGapsBetweenEntriesAreHalved(Vertx vertx, VertxTestContext testContext, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ticks.json");
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 3; i++) {
      json.append(i == 0 ? "" : ",").append("\"").append(i + 1).append("\": {\"instrument_token\": ").append(i + 1)
          .append(", \"trading_symbol\": \"S").append(i).append("\", \"ohlcv\": {\"timestamp\": \"2026-04-06T10:28:0")
          .append(i * 2).append("+05:30\", \"open\": 5, \"high\": 5, \"low\": 5, \"close\": 5, \"volume\": 1}}");
    }
    Files.writeString(file, json.append("}").toString());
    List<Long> arrivals = new ArrayList<>();
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, m -> {
      arrivals.add(System.nanoTime());
      m.reply(0L);
    });
    ReplayVerticle replay = new ReplayVerticle(file, 2);
    vertx.deployVerticle(replay)
        .compose(id -> replay.completion())
        .onComplete(testContext.succeeding(summary -> testContext.verify(() -> {
          assertEquals(3, arrivals.size(), "one batch per entry: they are 2 s apart");
          assertEquals(2_000, summary.getLong("planned_wait_ms"), "4 s of entry gaps at speed 2");
          // A timer never fires early, so the halved gaps were really waited (no upper bound: CI is slow).
          double secondsFirstToLast = (arrivals.get(2) - arrivals.get(0)) / 1e9;
          assertTrue(secondsFirstToLast >= 1.99, secondsFirstToLast + " s");
          testContext.completeNow();
        })));
  }

  @Test
  void aReplayFasterThanTheEngineWaitsForItsAcknowledgements(Vertx vertx, VertxTestContext testContext,
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, TicksJsonReaderTest.realFile()); // 2,456 entries: 3 batches at speed 0
    // An engine that takes batches but acknowledges them only when the test says so.
    // Thread-safe: the consumer and the acknowledging timers may run on different event loops.
    List<io.vertx.core.eventbus.Message<TickBatch>> unacknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, m -> {
      unacknowledged.add(m);
      peak.accumulateAndGet(unacknowledged.size(), Math::max);
    });
    ReplayVerticle replay = new ReplayVerticle(TicksJsonReader.read(file), 0, 1);
    vertx.deployVerticle(replay).onComplete(testContext.succeeding(id ->
        acknowledgeOneByOne(vertx, unacknowledged, 2, () -> vertx.eventBus()
            .<JsonObject>request(Addresses.TICKS_SOURCE_STATUS, new JsonObject())
            .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
              JsonObject status = reply.body();
              assertEquals(1, peak.get(), "never more than ticks.maxInFlightBatches queued for the engine");
              assertEquals(1, status.getJsonObject("intake").getInteger("peak_in_flight"));
              assertEquals(3, status.getLong("batches"), "2 acknowledged plus the one in flight");
              // At least the wait behind the first batch; how many more depends on whether the engine's
              // acknowledgement arrives on the replay's own event loop (then it runs at once).
              assertTrue(status.getJsonObject("intake").getLong("overflow") >= 1, "a wait for credit is counted");
              assertEquals(false, status.getBoolean("done"), "not done before the last acknowledgement");
              unacknowledged.remove(0).reply(0L);
              replay.completion().onComplete(testContext.succeeding(summary -> testContext.verify(() -> {
                assertTrue(summary.getBoolean("done"));
                testContext.completeNow();
              })));
            }))))));
  }

  /** Acknowledges the oldest waiting batch, {@code times} times, then runs {@code then} once one waits again. */
  private static void acknowledgeOneByOne(Vertx vertx, List<io.vertx.core.eventbus.Message<TickBatch>> waiting,
      int times, Runnable then) {
    if (waiting.isEmpty()) {
      vertx.setTimer(5, t -> acknowledgeOneByOne(vertx, waiting, times, then));
    } else if (times == 0) {
      then.run();
    } else {
      waiting.remove(0).reply(0L);
      acknowledgeOneByOne(vertx, waiting, times - 1, then);
    }
  }

  @Test
  void aFileThatIsNotJsonFailsTheDeploymentNamingTheFile(Vertx vertx, VertxTestContext testContext,
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, "not json at all");
    vertx.deployVerticle(new ReplayVerticle(file, 0)).onComplete(testContext.failing(e -> testContext.verify(() -> {
      assertTrue(e.getMessage().startsWith(file + ": not valid JSON at line 1"), e.getMessage());
      testContext.completeNow();
    })));
  }
}
