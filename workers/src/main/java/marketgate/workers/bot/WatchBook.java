package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import marketgate.shared.store.DataStore;

/**
 * Every chat's watches, in memory and in one JSON file of the data directory
 * ({@value #FILE}), rewritten atomically (temp file + rename, by {@link DataStore}) on a worker
 * thread after each change, so watches survive a restart and a crash never leaves half a file.
 * Bounded: {@code maxPerChat} watches per chat and {@value #MAX_CHATS} chats; past either the new
 * watch is refused with the reason.
 */
final class WatchBook {
  static final String FILE = "bot/watches.json";
  static final int MAX_CHATS = 10_000;

  private final Vertx vertx;
  private final DataStore store;
  private final int maxPerChat;
  private final Map<String, List<Watch>> byChat = new LinkedHashMap<>();
  /** Saves run one after another, each writing the newest state. */
  private Future<Void> saving = Future.succeededFuture();

  private WatchBook(Vertx vertx, DataStore store, int maxPerChat) {
    this.vertx = vertx;
    this.store = store;
    this.maxPerChat = maxPerChat;
  }

  /** Reads the file on a worker thread; a missing file is an empty book. */
  static Future<WatchBook> load(Vertx vertx, DataStore store, int maxPerChat) {
    WatchBook book = new WatchBook(vertx, store, maxPerChat);
    return vertx.executeBlocking(() -> store.read(FILE)).map(bytes -> {
      bytes.ifPresent(b -> {
        JsonArray watches = new JsonObject(new String(b, StandardCharsets.UTF_8)).getJsonArray("watches", new JsonArray());
        for (Object o : watches) {
          Watch w = Watch.fromJson((JsonObject) o);
          book.byChat.computeIfAbsent(w.chatId(), c -> new ArrayList<>()).add(w);
        }
      });
      return book;
    });
  }

  /** Adds a watch; empty when added, else why not. */
  synchronized Optional<String> add(Watch watch) {
    List<Watch> chat = byChat.get(watch.chatId());
    if (chat == null && byChat.size() >= MAX_CHATS) {
      return Optional.of("The bot holds watches for " + MAX_CHATS + " chats already; none can be added now.");
    }
    if (chat != null && chat.stream().anyMatch(w -> w.code().equals(watch.code()))) {
      return Optional.of("This chat already watches " + watch.code() + ".");
    }
    if (chat != null && chat.size() >= maxPerChat) {
      return Optional.of("This chat has " + chat.size() + " watches, the most allowed (bot.maxWatchesPerChat);"
          + " remove one with /unwatch <n> first.");
    }
    byChat.computeIfAbsent(watch.chatId(), c -> new ArrayList<>()).add(watch);
    return Optional.empty();
  }

  synchronized List<Watch> list(String chatId) {
    return List.copyOf(byChat.getOrDefault(chatId, List.of()));
  }

  /** Removes the n-th (1-based, as /watches shows) watch of a chat. */
  synchronized Optional<Watch> remove(String chatId, int n) {
    List<Watch> chat = byChat.get(chatId);
    if (chat == null || n < 1 || n > chat.size()) {
      return Optional.empty();
    }
    Watch removed = chat.remove(n - 1);
    if (chat.isEmpty()) {
      byChat.remove(chatId);
    }
    return Optional.of(removed);
  }

  synchronized List<Watch> all() {
    return byChat.values().stream().flatMap(List::stream).toList();
  }

  synchronized int size() {
    return byChat.values().stream().mapToInt(List::size).sum();
  }

  /** Records what qualified at a run; false when the watch was removed meanwhile. */
  synchronized boolean update(Watch watch) {
    List<Watch> chat = byChat.get(watch.chatId());
    if (chat == null) {
      return false;
    }
    for (int i = 0; i < chat.size(); i++) {
      if (chat.get(i).id().equals(watch.id())) {
        chat.set(i, watch);
        return true;
      }
    }
    return false;
  }

  /** Writes the current book; completes when this state (or a newer one) is on disk. */
  Future<Void> save() {
    synchronized (this) {
      saving = saving.otherwiseEmpty().compose(v -> {
        byte[] content = snapshot();
        return vertx.executeBlocking(() -> {
          store.write(FILE, content);
          return null;
        });
      });
      return saving;
    }
  }

  private synchronized byte[] snapshot() {
    JsonArray watches = new JsonArray();
    all().forEach(w -> watches.add(w.toJson()));
    return new JsonObject().put("watches", watches).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }
}
