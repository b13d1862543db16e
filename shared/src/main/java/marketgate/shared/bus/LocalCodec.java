package marketgate.shared.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an object by reference between verticles of one JVM, for big messages that only make
 * sense next to their producer (a copy of the candle store for the publisher). Sending such a
 * message to another node fails loudly instead of silently serialising megabytes.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final String name;

  private LocalCodec(String name) {
    this.name = name;
  }

  /** Registers (once) a local codec for the type and returns delivery options that use it. */
  public static <T> DeliveryOptions register(Vertx vertx, Class<T> type) {
    String name = "local:" + type.getName();
    try {
      vertx.eventBus().registerCodec(new LocalCodec<T>(name));
    } catch (IllegalStateException alreadyRegistered) {
      // registered by another verticle of this JVM
    }
    return new DeliveryOptions().setCodecName(name).setLocalOnly(true);
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    throw new UnsupportedOperationException(name + " is local only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " is local only");
  }

  @Override
  public T transform(T t) {
    return t;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
