package marketgate.shared.telegram;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** One call waiting in the {@link OutgoingQueue}, with where its future completes. */
final class QueuedCall {
  final String method;
  final String chat;
  final OutgoingQueue.Attempt attempt;
  final Promise<Object> promise;
  final Context caller;
  int attempts;

  QueuedCall(String method, String chat, OutgoingQueue.Attempt attempt, Promise<Object> promise, Context caller) {
    this.method = method;
    this.chat = chat;
    this.attempt = attempt;
    this.promise = promise;
    this.caller = caller;
  }

  /** Completes on the caller's context, so a verticle's callbacks stay on its own thread. */
  void finish(Object result, TelegramException error) {
    Runnable complete = () -> {
      if (error == null) {
        promise.complete(result);
      } else {
        promise.fail(error);
      }
    };
    if (caller == null || caller == Vertx.currentContext()) {
      complete.run();
    } else {
      caller.runOnContext(v -> complete.run());
    }
  }
}
