package marketgate.shared.bus;

import io.vertx.core.Vertx;
import marketgate.shared.model.TickBatch;

/** Registers the codecs of the hot messages, once per Vert.x instance. */
public final class Codecs {
  private Codecs() {}

  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(TickBatch.class, new TickBatchCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Several verticles of one JVM each register at start; the first one wins, which is fine.
    }
  }
}
