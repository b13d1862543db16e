package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.BotConfig;
import marketgate.shared.github.WorkflowDispatchClient;
import marketgate.shared.github.WorkflowDispatchException;
import marketgate.workers.scans.ScanCodeException;
import marketgate.workers.scans.ScanCodeParser;
import marketgate.workers.scans.ScanRequest;

/**
 * Runs a user's scan: checks the chat may scan and the user is within their per-minute limit,
 * checks the code (the parser's message when it is wrong), says "queued" at once, then either asks
 * the cluster ({@code scans.run}, load-balanced by the bus) and posts the rows, or, with
 * {@code bot.scanMode = workflow}, dispatches the GitHub workflow that posts them later.
 */
final class ScanRunner {
  private final Vertx vertx;
  private final BotContext ctx;
  private final WorkflowDispatchClient workflows;
  private final UserRateLimiter limiter;
  private final ScanCodeParser parser = new ScanCodeParser();

  ScanRunner(Vertx vertx, BotContext ctx, WorkflowDispatchClient workflows) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.workflows = workflows;
    this.limiter = new UserRateLimiter(ctx.config().scansPerUserPerMinute());
  }

  /** The code in canonical form, or a failed future whose message is the parser's advice. */
  ScanRequest check(String code) {
    return parser.parse(code);
  }

  /** Access and per-user limit; null when allowed, else the polite refusal to send. */
  String refusal(Incoming in) {
    if (!ctx.config().allows(in.chatId())) {
      ctx.counters().denied.incrementAndGet();
      return "This chat may not run scans or watches. Ask the operator to add chat id "
          + Html.code(in.chatId()) + " to <code>bot.allowedChats</code>.";
    }
    long wait = limiter.acquire(in.userId(), ctx.clock().millis());
    if (wait > 0) {
      ctx.counters().rateLimited.incrementAndGet();
      return Html.escape("You have run " + ctx.config().scansPerUserPerMinute()
          + " scans in the last minute. Please wait " + wait + " s and try again.");
    }
    return null;
  }

  /**
   * The whole flow for one scan command.
   *
   * @param menuMessageId the menu message to turn into the "queued" notice, or -1 for a new message
   */
  Future<Void> scan(Incoming in, String code, long menuMessageId) {
    ScanRequest request;
    try {
      request = check(code);
    } catch (ScanCodeException e) {
      return ctx.reply(in.chatId(), "\u26a0\ufe0f " + Html.escape(e.getMessage()));
    }
    String refusal = refusal(in);
    if (refusal != null) {
      return ctx.reply(in.chatId(), refusal);
    }
    ctx.counters().scans.incrementAndGet();
    if (ctx.config().scanMode().equals("workflow")) {
      return dispatch(in.chatId(), request.code());
    }
    String notice = "\u23f3 Queued " + Html.code(request.code()) + " (" + Html.escape(request.scan().title()) + ")\u2026";
    Future<Void> queued = menuMessageId >= 0 ? ctx.edit(in.chatId(), menuMessageId, notice, null)
        : ctx.reply(in.chatId(), notice);
    // Not chained after "queued": the scan starts at once, its rows are posted after the notice.
    Future<JsonObject> result = run(request.code());
    return queued.compose(v -> result.compose(
        reply -> ScanReplies.send(ctx.client(), in.chatId(), reply, ctx.config().maxInlineRows(), ctx.clock().instant())
            .recover(ctx::undelivered),
        e -> {
          ctx.counters().scanFailures.incrementAndGet();
          return ctx.reply(in.chatId(), "\u26a0\ufe0f " + Html.escape(failure(e)));
        }));
  }

  /** One scan on the bus; fails with the worker's message. */
  Future<JsonObject> run(String code) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ctx.scanTimeoutMillis() + 2_000L);
    return vertx.eventBus().<JsonObject>request(Addresses.SCANS_RUN, new JsonObject().put("code", code), options)
        .map(m -> m.body());
  }

  static String failure(Throwable e) {
    if (e instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return "No scan worker is running right now; try again in a minute.";
      }
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return "The scan took too long and was given up; try a smaller index or again later.";
      }
      if (r.failureCode() == 400) {
        return r.getMessage();
      }
    }
    return "The scan failed: " + e.getMessage();
  }

  private Future<Void> dispatch(String chatId, String code) {
    BotConfig.Workflow wf = ctx.config().workflow();
    if (workflows == null || wf.repository().isBlank()) {
      return ctx.reply(chatId, Html.escape("Scans run as a GitHub workflow here, but bot.workflow.repository is not set;"
          + " ask the operator."));
    }
    ctx.counters().workflowDispatches.incrementAndGet();
    return workflows.dispatch(wf.repository(), wf.file(), wf.ref(), Map.of("code", code, "chat_id", chatId))
        .compose(v -> ctx.reply(chatId, "\u2705 Triggered " + Html.code(code) + " as workflow "
                + Html.code(wf.file()) + " in " + Html.code(wf.repository())
                + Html.escape("; the result will be posted here when the run finishes (usually a few minutes).")),
            e -> {
              ctx.counters().scanFailures.incrementAndGet();
              return ctx.reply(chatId, "\u26a0\ufe0f " + Html.escape(workflowFailure(e, wf)));
            });
  }

  static String workflowFailure(Throwable e, BotConfig.Workflow wf) {
    int status = e instanceof WorkflowDispatchException w ? w.status() : -1;
    return switch (status) {
      case 401 -> "The bot could not start the scan workflow: GitHub did not accept its token (401)."
          + " The operator needs to set GITHUB_TOKEN with permission to run workflows.";
      case 403 -> "The bot could not start the scan workflow: its GitHub token may not run workflows in "
          + wf.repository() + " (403). The operator needs a token with actions: write.";
      case 404 -> "The bot could not start the scan workflow: GitHub has no workflow " + wf.file() + " in "
          + wf.repository() + " that the token can see (404). The operator should check bot.workflow.repository"
          + " and bot.workflow.file.";
      case 422 -> "GitHub refused to start " + wf.file() + " (422): the workflow needs a workflow_dispatch trigger"
          + " with inputs code and chat_id, and the branch " + wf.ref() + " must exist.";
      default -> "The bot could not reach GitHub to start the scan (" + e.getMessage() + "); try again later.";
    };
  }
}
