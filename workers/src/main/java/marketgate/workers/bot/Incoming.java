package marketgate.workers.bot;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The parts of a Telegram Update the bot acts on: a text message or a callback query (inline
 * button). Anything else (edits, channel posts, stickers) is not for us.
 *
 * @param callbackId the callback query id, null for a message
 * @param messageId the message that carries the pressed keyboard, -1 when unknown
 */
record Incoming(long updateId, String chatId, String chatType, String userId, String text, String callbackId,
    long messageId, String callbackData) {

  boolean isCallback() {
    return callbackId != null;
  }

  boolean isGroup() {
    return "group".equals(chatType) || "supergroup".equals(chatType);
  }

  /** Empty when the update holds nothing the bot answers; throws nothing on any JSON. */
  static Optional<Incoming> from(JsonObject update) {
    long updateId = update.getValue("update_id") instanceof Number n ? n.longValue() : -1;
    if (update.getValue("message") instanceof JsonObject message) {
      String text = message.getValue("text") instanceof String t ? t : null;
      JsonObject chat = message.getValue("chat") instanceof JsonObject c ? c : null;
      if (text == null || chat == null || id(chat) == null) {
        return Optional.empty();
      }
      return Optional.of(new Incoming(updateId, id(chat), type(chat), id(message.getValue("from")), text, null, -1,
          null));
    }
    if (update.getValue("callback_query") instanceof JsonObject query) {
      String queryId = query.getValue("id") == null ? null : String.valueOf(query.getValue("id"));
      if (queryId == null) {
        return Optional.empty();
      }
      JsonObject message = query.getValue("message") instanceof JsonObject m ? m : null;
      JsonObject chat = message != null && message.getValue("chat") instanceof JsonObject c ? c : null;
      long messageId = message != null && message.getValue("message_id") instanceof Number n ? n.longValue() : -1;
      String data = query.getValue("data") instanceof String d ? d : "";
      return Optional.of(new Incoming(updateId, chat == null ? null : id(chat), chat == null ? null : type(chat),
          id(query.getValue("from")), null, queryId, messageId, data));
    }
    return Optional.empty();
  }

  private static String id(Object holder) {
    if (holder instanceof JsonObject o && o.getValue("id") instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return null;
  }

  private static String type(JsonObject chat) {
    return chat.getValue("type") instanceof String t ? t : "private";
  }
}
