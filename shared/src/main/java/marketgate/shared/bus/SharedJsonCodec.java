package marketgate.shared.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * A JSON message its sender never touches again, delivered without a copy inside a JVM (the default
 * JSON codec copies the object for every local consumer: for the candle updates, a map of every
 * changed instrument, 25 times a second) and as JSON text across a cluster. Consumers must not
 * modify what they receive.
 */
public final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "marketgate.json-shared";

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length()).appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
