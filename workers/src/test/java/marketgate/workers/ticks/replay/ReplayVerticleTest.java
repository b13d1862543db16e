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
        .onComplete(testContext.succeeding(summary -> vertx.setTimer(50, t -> testContext.verify(() -> {
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
        }))));
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
    vertx.eventBus().<TickBatch>consumer(Addresses.TICKS_IN, m -> arrivals.add(System.nanoTime()));
    ReplayVerticle replay = new ReplayVerticle(file, 2);
    vertx.deployVerticle(replay)
        .compose(id -> replay.completion())
        .onComplete(testContext.succeeding(summary -> vertx.setTimer(20, t -> testContext.verify(() -> {
          assertEquals(3, arrivals.size(), "one batch per entry: they are 2 s apart");
          double secondsFirstToLast = (arrivals.get(2) - arrivals.get(0)) / 1e9;
          assertTrue(secondsFirstToLast >= 1.9 && secondsFirstToLast < 3.5, secondsFirstToLast + " s");
          testContext.completeNow();
        }))));
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
