package marketgate.workers.bot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One chat's scan alert: the canonical code and the symbols that qualified at its previous run
 * (only symbols outside that set are sent next time).
 */
record Watch(String id, String chatId, String code, List<String> symbols, String created) {

  Watch {
    symbols = List.copyOf(symbols);
  }

  Watch withSymbols(List<String> now) {
    return new Watch(id, chatId, code, now, created);
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("chat_id", chatId).put("code", code)
        .put("symbols", new JsonArray(symbols)).put("created", created);
  }

  static Watch fromJson(JsonObject o) {
    List<String> symbols = o.getJsonArray("symbols", new JsonArray()).stream().map(String::valueOf).toList();
    return new Watch(o.getString("id"), o.getString("chat_id"), o.getString("code"), symbols, o.getString("created"));
  }
}
