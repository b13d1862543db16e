package marketgate.shared.bus;

import io.vertx.core.Vertx;
import marketgate.shared.model.TickBatch;

/** Registers the codecs of the hot messages, once per Vert.x instance (every node: a receiver decodes by name). */
public final class Codecs {
  private Codecs() {}

  public static void register(Vertx vertx) {
    // Several verticles of one JVM each register at start; the first one wins, which is fine.
    try {
      vertx.eventBus().registerDefaultCodec(TickBatch.class, new TickBatchCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by another verticle
    }
    try {
      vertx.eventBus().registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by another verticle
    }
  }
}
