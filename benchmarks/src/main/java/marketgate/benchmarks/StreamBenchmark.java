package marketgate.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import marketgate.gateway.GatewayVerticle;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.CandleUpdatesVerticle;
import marketgate.workers.ticks.TicksVerticle;

/**
 * The live stream end to end in one JVM: ticks sent to the real {@link TicksVerticle} at a
 * market-like rate over the whole built-in universe, the real {@link CandleUpdatesVerticle}
 * coalescing them, the real gateway streaming SSE on 127.0.0.1 to HTTP clients.
 *
 * <p>Part 1, latency: one stream on a marker symbol whose price carries a sequence number; each
 * candle event seen is matched to the moment its tick was sent to {@code ticks.in} (accepted).
 * Part 2, fan-out: {@code streams} clients of 100 random symbols each; process CPU over a window,
 * against the same feed with no streams (baseline, same run).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar marketgate.benchmarks.StreamBenchmark
 * [coalesceMillis=250] [streams=1000] [seconds=20] [ticksPerSecond=5000] [markerEveryMillis=10]}: the
 * marker ticks 100 times a second by default (every tick waits for its instrument's window), or
 * e.g. every 1,000 ms as a real feed sends an instrument (each tick is the first in its window).
 */
public final class StreamBenchmark {
  private static final int FEED_EVERY_MILLIS = 10;

  public static void main(String[] args) throws Exception {
    int coalesce = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int ticksPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    int markerEvery = Math.max(1, (args.length > 4 ? Integer.parseInt(args[4]) : FEED_EVERY_MILLIS) / FEED_EVERY_MILLIS);

    Path dir = Files.createTempDirectory("stream-bench");
    MarketgateConfig config = MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("gateway", new JsonObject().put("layers", new JsonArray().add("memory").add("store")))
        .put("ticks", new JsonObject().put("journal", false))
        .put("stream", new JsonObject().put("coalesceMillis", coalesce).put("maxClients", streams + 10)));
    Universe universe = Universe.builtIn();
    List<Instrument> instruments = universe.instruments();
    Vertx vertx = Vertx.vertx();
    Codecs.register(vertx);
    CandleStore store = new CandleStore(universe, config.ticks().ringSize(), true);
    vertx.deployVerticle(new TicksVerticle(config.ticks(), store, new DataStore(dir))).await();
    CandleUpdatesVerticle updates = new CandleUpdatesVerticle(store, coalesce);
    vertx.deployVerticle(updates).await();
    GatewayVerticle gateway = new GatewayVerticle(config);
    vertx.deployVerticle(gateway).await();
    int port = gateway.actualPort();

    Instrument marker = instruments.get(0);
    AtomicLongArray sentNanos = new AtomicLongArray(1_000_000);
    AtomicLong seq = new AtomicLong();
    SplittableRandom random = new SplittableRandom(42);
    int perRound = Math.max(1, ticksPerSecond * FEED_EVERY_MILLIS / 1000);
    long[] cumVolume = new long[instruments.size()];
    long[] feedRounds = {0};
    vertx.setPeriodic(FEED_EVERY_MILLIS, id -> {
      long now = System.currentTimeMillis();
      TickBatch batch = new TickBatch(perRound + 1);
      for (int i = 0; i < perRound; i++) {
        int k = 1 + random.nextInt(instruments.size() - 1);
        Instrument in = instruments.get(k);
        cumVolume[k] += 1 + random.nextInt(100);
        batch.add(in.token(), in.lastPrice() * (1 + (random.nextDouble() - 0.5) / 100), cumVolume[k], 0, now);
      }
      long n = 0;
      if (feedRounds[0]++ % markerEvery == 0) {
        n = seq.incrementAndGet();
        cumVolume[0] += 10;
        batch.add(marker.token(), 1000 + n, cumVolume[0], 0, now);
      }
      if (n > 0) {
        sentNanos.set((int) n, System.nanoTime());
      }
      vertx.eventBus().send(Addresses.TICKS_IN, batch);
    });

    Vertx clients = Vertx.vertx();
    HttpClient http = clients.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(streams + 10));

    // Part 1: latency.
    List<Long> latencies = new ArrayList<>();
    List<Long> oldest = new ArrayList<>();
    long[] lastSeq = {0};
    String uri = "/api/v1/stream?events=candles&intervals=1m&symbols="
        + java.net.URLEncoder.encode(marker.symbol(), java.nio.charset.StandardCharsets.UTF_8);
    http.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(r -> r.send()).onSuccess(resp -> {
      StringBuilder pending = new StringBuilder();
      resp.handler(buf -> {
        long arrived = System.nanoTime();
        pending.append(buf.toString());
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
          String frame = pending.substring(0, end);
          pending.delete(0, end + 2);
          int data = frame.indexOf("data: ");
          if (data < 0 || !frame.contains("event: candles")) {
            continue;
          }
          JsonObject candle = new JsonObject(frame.substring(data + 6)).getJsonObject("candles")
              .getJsonObject(marker.symbol()).getJsonObject("1m");
          long n = Math.round(candle.getDouble("close") - 1000);
          if (n > lastSeq[0] && n < sentNanos.length()) {
            synchronized (latencies) {
              latencies.add(arrived - sentNanos.get((int) n));
              // The oldest tick this event is the first news of: it waited for the round too.
              oldest.add(arrived - sentNanos.get((int) lastSeq[0] + 1));
            }
            lastSeq[0] = n;
          }
        }
      });
    });
    Thread.sleep(3000); // warm-up: JIT, first rounds
    synchronized (latencies) {
      latencies.clear();
      oldest.clear();
    }
    Thread.sleep(seconds * 1000L);
    long[] sorted;
    long[] sortedOldest;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      sortedOldest = oldest.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    System.out.printf("latency tick accepted -> SSE event, coalesce %d ms, %d ticks/s, marker every %d ms: newest tick of the event n=%d "
            + "p50=%.1f ms p99=%.1f ms max=%.1f ms; oldest tick of the event p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        coalesce, ticksPerSecond, markerEvery * FEED_EVERY_MILLIS, sorted.length, pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
        pct(sortedOldest, 0.50), pct(sortedOldest, 0.99), sortedOldest[sortedOldest.length - 1] / 1e6);

    // Part 2: fan-out to many streams of 100 symbols each, CPU against no extra streams.
    double baseline = cpuCores(seconds);
    System.out.printf("baseline (feed + candle updates + 1 stream): %.3f cores%n", baseline);
    AtomicLong bytes = new AtomicLong();
    AtomicLong frames = new AtomicLong();
    CountDownLatch open = new CountDownLatch(streams);
    for (int c = 0; c < streams; c++) {
      StringBuilder symbols = new StringBuilder();
      for (int s = 0; s < 100; s++) {
        symbols.append(s == 0 ? "" : ",").append(instruments.get(1 + random.nextInt(instruments.size() - 1)).symbol());
      }
      http.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/stream?events=candles&intervals=1m,5m&symbols="
              + java.net.URLEncoder.encode(symbols.toString(), java.nio.charset.StandardCharsets.UTF_8))
          .compose(r -> r.send()).onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 200) {
              ar.result().handler(buf -> {
                bytes.addAndGet(buf.length());
                frames.incrementAndGet();
              });
            } else {
              System.out.println("stream failed: " + (ar.succeeded() ? ar.result().statusCode() : ar.cause()));
            }
            open.countDown();
          });
    }
    open.await();
    Thread.sleep(2000);
    long bytesBefore = bytes.get();
    long framesBefore = frames.get();
    double withStreams = cpuCores(seconds);
    JsonObject stats = gateway.streams().stats();
    System.out.printf("%d streams x 100 symbols: %.3f cores (+%.3f over baseline), %.1f MB/s and %.0f chunks/s to clients; hub %s%n",
        streams, withStreams, withStreams - baseline, (bytes.get() - bytesBefore) / 1e6 / seconds,
        (frames.get() - framesBefore) / (double) seconds, stats.encode());
    JsonObject rounds = updates.stats();
    System.out.printf("candle updates: %d rounds, %.1f ms a round%n",
        rounds.getLong("rounds"), rounds.getLong("busy_millis") / (double) Math.max(1, rounds.getLong("rounds")));
    clients.close().await();
    vertx.close().await();
    System.exit(0);
  }

  /** Process CPU over a window, in cores. */
  private static double cpuCores(int seconds) throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    return (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
  }

  private static double pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }
}
