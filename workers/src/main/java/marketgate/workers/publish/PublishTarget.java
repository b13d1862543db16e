package marketgate.workers.publish;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where a publish goes: the local data directory, a git repository, GitHub. A target receives all
 * files of one publish at once and either takes them all or fails (then the publish is retried).
 * Files come in write order; {@code data/metadata.json} is last, so a reader that sees new
 * metadata also finds the files it names.
 */
public interface PublishTarget {
  String name();

  /** Publishes the files; {@code message} says what they are (a git commit message). */
  Future<Void> publish(List<PublishedFile> files, String message);
}
