package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import marketgate.shared.bus.Addresses;
import marketgate.workers.scans.ScanRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scan alerts: after every {@code snapshot.published} while the market is open (and every
 * {@code bot.watchIntervalSeconds} while it is closed, when set) each watch's scan runs again and
 * its chat gets one message with the symbols that were not in the previous run's result, or nothing.
 *
 * <p>In a cluster every bot node hears the snapshot; each run of a watch is claimed first in the
 * cluster-wide map {@value #RUNS_MAP} (key: watch id and run), so it is evaluated by one node only.
 */
final class WatchVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WatchVerticle.class);
  static final String RUNS_MAP = "bot.watch-runs";
  /** Claims only need to outlive the run they guard. */
  private static final long CLAIM_TTL_MILLIS = 6L * 3600 * 1000;
  static final int PARALLEL_SCANS = 4;

  private final BotContext ctx;
  private final ScanRunner scans;
  private Future<AsyncMap<String, String>> runs;
  private long timerId = -1;
  /** Touched on this verticle's event loop only. */
  private Future<Void> running = Future.succeededFuture();
  private boolean waiting;

  WatchVerticle(BotContext ctx, ScanRunner scans) {
    this.ctx = ctx;
    this.scans = scans;
  }

  @Override
  public Future<?> start() {
    runs = vertx.sharedData().getAsyncMap(RUNS_MAP);
    int interval = ctx.config().watchIntervalSeconds();
    if (interval > 0) {
      timerId = vertx.setPeriodic(interval * 1000L, id -> {
        if (!ctx.marketClock().isMarketOpen(ctx.clock().instant())) {
          runAll("interval-" + ctx.clock().millis() / (interval * 1000L));
        }
      });
    }
    MessageConsumer<JsonObject> snapshots = vertx.eventBus().consumer(Addresses.SNAPSHOT_PUBLISHED, m -> {
      if (ctx.marketClock().isMarketOpen(ctx.clock().instant())) {
        Object time = m.body() == null ? null : m.body().getValue("time");
        runAll("snapshot-" + (time == null ? ctx.clock().millis() : time));
      }
    });
    return Future.join(runs, snapshots.completion());
  }

  @Override
  public Future<?> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return Future.succeededFuture();
  }

  /**
   * Runs every watch once for this run key, after the previous run finished (two runs of one watch
   * side by side would both alert the same symbol). At most one run waits; a snapshot arriving while
   * one already waits is skipped, since the waiting run will see its data anyway.
   */
  Future<Void> runAll(String runKey) {
    if (waiting) {
      return Future.succeededFuture();
    }
    waiting = true;
    running = running.otherwiseEmpty().compose(v -> {
      waiting = false;
      return runNow(runKey);
    });
    return running;
  }

  /**
   * Claims each watch's run, then runs each distinct code once for all its claimed watches, at most
   * {@value #PARALLEL_SCANS} codes at a time, so a thousand watches never flood the scan workers.
   */
  private Future<Void> runNow(String runKey) {
    List<Future<Watch>> claims = new ArrayList<>();
    for (Watch watch : ctx.watches().all()) {
      claims.add(runs.compose(map -> map.putIfAbsent(watch.id() + "@" + runKey, ctx.nodeId(), CLAIM_TTL_MILLIS))
          .map(previous -> previous == null ? watch : null)
          .otherwise(e -> {
            LOG.warn("watch {} of chat {} could not be claimed: {}", watch.code(), watch.chatId(), e.getMessage());
            return null;
          }));
    }
    return Future.join(claims).compose(v -> {
      Map<String, List<Watch>> byCode = new LinkedHashMap<>();
      claims.stream().map(Future::result).filter(w -> w != null)
          .forEach(w -> byCode.computeIfAbsent(w.code(), c -> new ArrayList<>()).add(w));
      if (byCode.isEmpty()) {
        return Future.succeededFuture();
      }
      ArrayDeque<Map.Entry<String, List<Watch>>> pending = new ArrayDeque<>(byCode.entrySet());
      List<Future<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < PARALLEL_SCANS; i++) {
        lanes.add(drain(pending));
      }
      return Future.join(lanes).compose(done -> ctx.watches().save());
    });
  }

  private Future<Void> drain(ArrayDeque<Map.Entry<String, List<Watch>>> pending) {
    Map.Entry<String, List<Watch>> next = pending.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    return scans.run(next.getKey())
        .compose(reply -> Future.join(next.getValue().stream().map(w -> evaluate(w, reply)).toList()).<Void>mapEmpty())
        .recover(e -> {
          LOG.warn("watch scan {} did not run: {}", next.getKey(), e.getMessage());
          return Future.succeededFuture();
        })
        .onComplete(done -> ctx.counters().watchRuns.addAndGet(next.getValue().size()))
        .compose(v -> drain(pending));
  }

  /** Sends what newly qualifies to the watch's chat and remembers this run's symbols. */
  private Future<Void> evaluate(Watch watch, JsonObject reply) {
    List<ScanRow> rows = ScanReplies.rows(reply);
    Set<String> before = new HashSet<>(watch.symbols());
    List<ScanRow> fresh = rows.stream().filter(r -> !before.contains(r.symbol())).toList();
    if (!ctx.watches().update(watch.withSymbols(rows.stream().map(ScanRow::symbol).toList())) || fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    ctx.counters().alertsSent.incrementAndGet();
    return ctx.reply(watch.chatId(), alert(watch, reply, fresh));
  }

  /** One message: the watch, the data it ran on, each new symbol with LTP and the key figure. */
  String alert(Watch watch, JsonObject reply, List<ScanRow> fresh) {
    String key = KeyFigure.column(watch.code());
    StringBuilder text = new StringBuilder("\ud83d\udd14 ").append(Html.code(watch.code())).append(' ')
        .append(Html.escape(fresh.size() + " newly qualifying \u00b7 " + ScanReplies.dataLabel(reply, ctx.clock().instant())))
        .append('\n');
    int shown = 0;
    for (ScanRow row : fresh) {
      String line = Html.escape(row.symbol() + "  LTP " + ScanReplies.num(row.ltp()) + "  "
          + KeyFigure.describe(row, key)) + '\n';
      if (text.length() + line.length() > marketgate.shared.telegram.TelegramClient.MAX_TEXT - 64) {
        text.append(Html.escape("\u2026 and " + (fresh.size() - shown) + " more"));
        break;
      }
      text.append(line);
      shown++;
    }
    return text.toString().stripTrailing();
  }
}
