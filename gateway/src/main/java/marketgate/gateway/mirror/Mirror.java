package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.config.GatewayConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataStore;

/** The mirror assembled from config: its layers in configured order, the reader, the push listener. */
public final class Mirror {
  private final MemoryLayer memory;
  private final MirrorReader reader;
  private final MirrorHandler handler;
  private final SnapshotPushListener push;
  private final MemoryFileResponder files;
  private final WebClient client;

  private Mirror(Vertx vertx, MemoryLayer memory, MirrorReader reader, SnapshotPushListener push, WebClient client) {
    this.memory = memory;
    this.files = new MemoryFileResponder(vertx, memory);
    this.reader = reader;
    this.handler = new MirrorHandler(reader);
    this.push = push;
    this.client = client;
  }

  /** Opens the data store and disk cache (blocking, so off the event loop) and wires the layers. */
  public static Future<Mirror> create(Vertx vertx, MarketgateConfig config, GatewayMetrics metrics) {
    GatewayConfig gw = config.gateway();
    Path diskDir = gw.diskCacheDir() != null ? gw.diskCacheDir() : config.dataDir().resolve(".cache").resolve("gateway");
    BlobFiles[] blobs = new BlobFiles[1];
    return vertx.executeBlocking(() -> {
          blobs[0] = BlobFiles.open(vertx, diskDir.resolve("blobs"));
          return new DataStore[] {new DataStore(config.dataDir()), new DataStore(diskDir)};
        })
        .compose(stores -> {
          FreshnessPolicy freshness = new FreshnessPolicy(gw.freshness(), gw.defaultFreshnessSeconds());
          WebClient client = WebClient.create(vertx, new WebClientOptions()
              .setConnectTimeout(gw.upstreamTimeoutMillis())
              .setKeepAlive(true)
              .setUserAgent("marketgate-gateway"));
          MemoryLayer memory = new MemoryLayer(gw.memoryMaxBytes(), blobs[0]);
          StoreLayer store = new StoreLayer(vertx, stores[0], freshness);
          DiskCacheLayer disk = new DiskCacheLayer(vertx, stores[1], freshness, gw.diskCacheMaxBytes(), metrics);
          metrics.diskCache(disk::bytes, disk::entries, gw.diskCacheMaxBytes());
          LiveLayer live = new LiveLayer(vertx, freshness, gw.busTimeoutMillis());
          String token = config.secrets().get(Secrets.GITHUB_TOKEN).orElse(null);
          List<MirrorLayer> layers = new ArrayList<>();
          for (String name : gw.layers()) {
            switch (name) {
              case "disk" -> layers.add(disk);
              case "live" -> layers.add(live);
              case "store" -> layers.add(store);
              case "origin" -> layers.add(new OriginLayer(client, freshness, gw.upstreamTimeoutMillis(), gw.originUrl()));
              case "github-api" -> layers.add(new GithubApiLayer(client, freshness, gw.upstreamTimeoutMillis(),
                  gw.githubContentsUrl(), token));
              default -> { } // memory and stale are steps of the reader, not layers to ask
            }
          }
          MirrorReader reader = new MirrorReader(vertx, memory, gw.layers().contains("memory"),
              gw.layers().contains("disk") ? disk : null, layers, gw.layers().contains("stale"),
              gw.upstreamTimeoutMillis(), gw.staleReadBudgetMillis(), metrics);
          Mirror mirror = new Mirror(vertx, memory, reader, new SnapshotPushListener(vertx, memory, reader, live, store),
              client);
          return disk.start().map(mirror);
        });
  }

  /** Starts listening for snapshot announcements and for nodes asking for the copies it holds. */
  public Future<Void> start() {
    return Future.all(push.start(), files.start()).mapEmpty();
  }

  public MirrorHandler handler() {
    return handler;
  }

  public MirrorReader reader() {
    return reader;
  }

  public MemoryLayer memory() {
    return memory;
  }

  public void close() {
    client.close();
  }
}
