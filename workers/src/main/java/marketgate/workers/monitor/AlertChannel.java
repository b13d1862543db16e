package marketgate.workers.monitor;

import io.vertx.core.Future;

/** Somewhere alerts go (Telegram, a webhook). One delivery attempt; {@link ChannelQueue} retries. */
interface AlertChannel {
  String name();

  Future<Void> deliver(Alert alert);
}
