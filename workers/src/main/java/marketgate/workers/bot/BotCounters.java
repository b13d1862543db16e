package marketgate.workers.bot;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/** The bot's counters for {@code bot.status}: what came in, what was refused, what went out. */
final class BotCounters {
  final AtomicLong received = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong ignored = new AtomicLong();
  final AtomicLong commands = new AtomicLong();
  final AtomicLong unknownCommands = new AtomicLong();
  final AtomicLong callbacks = new AtomicLong();
  final AtomicLong badCallbacks = new AtomicLong();
  final AtomicLong scans = new AtomicLong();
  final AtomicLong scanFailures = new AtomicLong();
  final AtomicLong rateLimited = new AtomicLong();
  final AtomicLong denied = new AtomicLong();
  final AtomicLong workflowDispatches = new AtomicLong();
  final AtomicLong watchRuns = new AtomicLong();
  final AtomicLong alertsSent = new AtomicLong();
  final AtomicLong replyFailures = new AtomicLong();
  final AtomicLong polls = new AtomicLong();
  final AtomicLong pollFailures = new AtomicLong();
  /** When the last "reply not delivered" WARN was logged (not reported). */
  final AtomicLong lastFailureWarnMillis = new AtomicLong();

  JsonObject toJson() {
    return new JsonObject()
        .put("updates", new JsonObject()
            .put("received", received.get()).put("duplicates", duplicates.get()).put("rejected", rejected.get())
            .put("ignored", ignored.get()))
        .put("commands", commands.get())
        .put("unknown_commands", unknownCommands.get())
        .put("callbacks", callbacks.get())
        .put("bad_callbacks", badCallbacks.get())
        .put("scans", scans.get())
        .put("scan_failures", scanFailures.get())
        .put("rate_limited", rateLimited.get())
        .put("denied", denied.get())
        .put("workflow_dispatches", workflowDispatches.get())
        .put("watch_runs", watchRuns.get())
        .put("alerts_sent", alertsSent.get())
        .put("reply_failures", replyFailures.get())
        .put("polls", polls.get())
        .put("poll_failures", pollFailures.get());
  }
}
