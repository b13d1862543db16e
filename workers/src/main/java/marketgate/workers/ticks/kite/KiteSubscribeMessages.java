package marketgate.workers.ticks.kite;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The text frames that subscribe tokens on Kite's ticker: {@code {"a":"subscribe","v":[tokens]}}
 * then {@code {"a":"mode","v":[mode,[tokens]]}}, in batches so one message stays small (Kite caps
 * a connection at 3,000 instruments; a bigger universe still goes out in pieces).
 */
final class KiteSubscribeMessages {
  private KiteSubscribeMessages() {}

  static List<String> build(List<Integer> tokens, String mode, int batchSize) {
    List<String> messages = new ArrayList<>();
    for (int from = 0; from < tokens.size(); from += batchSize) {
      JsonArray batch = new JsonArray(new ArrayList<>(tokens.subList(from, Math.min(tokens.size(), from + batchSize))));
      messages.add(new JsonObject().put("a", "subscribe").put("v", batch).encode());
      messages.add(new JsonObject().put("a", "mode").put("v", new JsonArray().add(mode).add(batch)).encode());
    }
    return messages;
  }
}
