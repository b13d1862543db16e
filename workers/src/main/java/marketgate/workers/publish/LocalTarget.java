package marketgate.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import marketgate.shared.store.DataStore;

/** The data directory: each file replaced atomically (temp file + rename), metadata last. */
public final class LocalTarget implements PublishTarget {
  private final Vertx vertx;
  private final DataStore dataStore;

  public LocalTarget(Vertx vertx, DataStore dataStore) {
    this.vertx = vertx;
    this.dataStore = dataStore;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Future<Void> publish(List<PublishedFile> files, String message) {
    return vertx.executeBlocking(() -> {
      for (PublishedFile file : files) {
        dataStore.write(file.path(), file.bytes());
      }
      return null;
    }, false);
  }
}
