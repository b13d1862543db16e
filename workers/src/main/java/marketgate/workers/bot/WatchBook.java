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
 * Every chat's watches, in memory, in one JSON file of the data directory ({@value #FILE},
 * rewritten atomically by {@link DataStore} on a worker thread after each change, so watches survive
 * a restart and a crash never leaves half a file) and in the cluster-wide map {@value #SHARED_MAP}
 * (a local map in embedded mode), so a node that takes the bot over after a failover finds them
 * without a shared volume. At load the newer of the two copies ({@code savedAt}) wins. Watches do
 * not expire: a subscription lasts until {@code /unwatch}. Bounded: {@code maxPerChat} watches per
 * chat and {@value #MAX_CHATS} chats; past either the new watch is refused with the reason.
 */
final class WatchBook {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchBook.class);
  static final String FILE = "bot/watches.json";
  static final String SHARED_MAP = "bot.watches";
  private static final String SHARED_KEY = "book";
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

  /** Reads the file (on a worker thread) and the shared copy; the newer wins; none is an empty book. */
  static Future<WatchBook> load(Vertx vertx, DataStore store, int maxPerChat) {
    WatchBook book = new WatchBook(vertx, store, maxPerChat);
    Future<JsonObject> local = vertx.executeBlocking(() -> store.read(FILE)
        .map(b -> new JsonObject(new String(b, StandardCharsets.UTF_8))).orElse(null));
    Future<JsonObject> shared = vertx.sharedData().<String, JsonObject>getAsyncMap(SHARED_MAP)
        .compose(map -> map.get(SHARED_KEY))
        .otherwise(e -> {
          LOG.warn("the shared copy of the watches is not reachable, using the local file: {}", e.getMessage());
          return null;
        });
    return Future.all(local, shared).map(v -> {
      JsonObject newest = newer(local.result(), shared.result());
      if (newest != null) {
        for (Object o : newest.getJsonArray("watches", new JsonArray())) {
          Watch w = Watch.fromJson((JsonObject) o);
          book.byChat.computeIfAbsent(w.chatId(), c -> new ArrayList<>()).add(w);
        }
      }
      return book;
    });
  }

  private static JsonObject newer(JsonObject a, JsonObject b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return b.getLong("savedAt", 0L) > a.getLong("savedAt", 0L) ? b : a;
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

  /**
   * Writes the current book to the file and the shared map; completes when this state (or a newer
   * one) is on disk. A shared map that cannot be reached is logged, never fails the save.
   */
  Future<Void> save() {
    synchronized (this) {
      saving = saving.otherwiseEmpty().compose(v -> {
        JsonObject content = snapshot();
        byte[] bytes = content.encodePrettily().getBytes(StandardCharsets.UTF_8);
        return vertx.<Void>executeBlocking(() -> {
          store.write(FILE, bytes);
          return null;
        }).compose(written -> vertx.sharedData().<String, JsonObject>getAsyncMap(SHARED_MAP)
            .compose(map -> map.put(SHARED_KEY, content))
            .recover(e -> {
              LOG.warn("watches saved locally but not to the shared map: {}", e.getMessage());
              return Future.succeededFuture();
            }));
      });
      return saving;
    }
  }

  private synchronized JsonObject snapshot() {
    JsonArray watches = new JsonArray();
    all().forEach(w -> watches.add(w.toJson()));
    return new JsonObject().put("savedAt", System.currentTimeMillis()).put("watches", watches);
  }
}
