package marketgate.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.TicksVerticle;
import marketgate.workers.ticks.kite.KiteTickerVerticle;

/**
 * End to end on one machine: a Kite-speaking WebSocket server on 127.0.0.1 streams binary frames
 * of quote packets as fast as the socket takes them; the real {@link KiteTickerVerticle} decodes
 * them into tick batches on the event bus; the real {@link TicksVerticle} (journal on) puts them
 * into the candle store. Prints ticks a second once the store has counted them all.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar marketgate.benchmarks.KiteToStoreThroughput [ticks]}
 *
 * <p>Quote packets carry no exchange timestamp, so ticks are stamped on receipt and a cycling set of
 * frames still makes time move forward, as a live feed does.
 */
public final class KiteToStoreThroughput {
  private static final int PACKETS_PER_FRAME = 250;
  private static final int DISTINCT_FRAMES = 400;

  public static void main(String[] args) throws Exception {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
    Universe universe = Universe.builtIn();
    List<Instrument> instruments = universe.instruments();
    Buffer[] frames = frames(instruments);
    long framesToSend = (total + PACKETS_PER_FRAME - 1) / PACKETS_PER_FRAME;

    Vertx vertx = Vertx.vertx();
    Codecs.register(vertx);
    Path dir = Files.createTempDirectory("kite-e2e");
    MarketgateConfig config = MarketgateConfig.defaults();
    CandleStore store = new CandleStore(universe, config.ticks().ringSize(), true);

    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> stream(ws, frames, framesToSend));
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    vertx.deployVerticle(new TicksVerticle(config.ticks(), store, new DataStore(dir))).await();
    MarketgateConfig kite = config.withOverrides(new JsonObject().put("kite", new JsonObject()
        .put("url", "ws://127.0.0.1:" + port + "/").put("mode", "quote")));
    Secrets secrets = Secrets.none().with(Secrets.KITE_API_KEY, "bench").with(Secrets.KITE_ACCESS_TOKEN, "bench");

    long start = System.nanoTime();
    vertx.deployVerticle(new KiteTickerVerticle(kite.kite(), secrets, universe)).await();
    long expected = framesToSend * PACKETS_PER_FRAME;
    while (store.stats().ticksProcessed() + store.stats().rejected(marketgate.workers.ticks.RejectReason.DUPLICATE)
        < expected) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Kite frames -> decoder -> event bus -> candle store: %,d ticks in %.2f s = %,.0f ticks/s%n",
        expected, seconds, expected / seconds);
    System.out.println("store stats: " + store.stats().toJson().encode());
    vertx.close().await();
  }

  /** Streams frames, respecting the socket's back-pressure. */
  private static void stream(ServerWebSocket ws, Buffer[] frames, long count) {
    long[] sent = {0};
    Runnable pump = new Runnable() {
      @Override
      public void run() {
        while (sent[0] < count && !ws.writeQueueFull()) {
          ws.writeBinaryMessage(frames[(int) (sent[0]++ % frames.length)]);
        }
        if (sent[0] < count) {
          ws.drainHandler(v -> run());
        }
      }
    };
    // Start once the client has subscribed, like Kite.
    ws.textMessageHandler(text -> {
      if (text.contains("\"mode\"") && sent[0] == 0) {
        pump.run();
      }
    });
  }

  /** Kite binary frames: int16 packet count, then int16 length + 44-byte quote packet each. */
  static Buffer[] frames(List<Instrument> instruments) {
    SplittableRandom random = new SplittableRandom(7);
    long[] volume = new long[instruments.size()];
    Buffer[] frames = new Buffer[DISTINCT_FRAMES];
    for (int f = 0; f < DISTINCT_FRAMES; f++) {
      Buffer frame = Buffer.buffer(2 + PACKETS_PER_FRAME * 46);
      frame.appendShort((short) PACKETS_PER_FRAME);
      for (int p = 0; p < PACKETS_PER_FRAME; p++) {
        int i = random.nextInt(instruments.size());
        Instrument instrument = instruments.get(i);
        int paise = (int) Math.max(5, Math.round(instrument.lastPrice() * 100) + random.nextInt(-50, 51));
        volume[i] += 1 + random.nextInt(500);
        frame.appendShort((short) 44)
            .appendInt(instrument.token()).appendInt(paise).appendInt(10).appendInt(paise)
            .appendInt((int) volume[i]).appendInt(1000).appendInt(1000)
            .appendInt(paise).appendInt(paise + 100).appendInt(Math.max(1, paise - 100)).appendInt(paise);
      }
      frames[f] = frame;
    }
    return frames;
  }
}
