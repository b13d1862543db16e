package marketgate.gateway.mirror;

import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import marketgate.shared.store.SlicedWrites;

/** Writes the sendfile twins of large {@link WireCopy}s: unlinked as soon as they are open, so nothing is left behind, even by a crash. */
final class BlobFiles {
  private static final System.Logger LOG = System.getLogger(BlobFiles.class.getName());

  private final Vertx vertx;
  private final Path dir;

  private BlobFiles(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  /** Blocking: creates the directory and removes what a killed process may have left in it. */
  static BlobFiles open(Vertx vertx, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, "blob-*")) {
      for (Path file : left) {
        Files.deleteIfExists(file);
      }
    }
    return new BlobFiles(vertx, dir);
  }

  /** Writes the copy's blob in the background, once per body; small copies have none. */
  void prepare(CachedFile file) {
    WireCopy wire = file.wire();
    if (file.size() < WireCopy.SENDFILE_MIN_BYTES || !wire.claim()) {
      return;
    }
    vertx.executeBlocking(() -> {
      Path path = Files.createTempFile(dir, "blob-", ".bin");
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        Files.delete(path);
        SlicedWrites.write(channel, ((BufferInternal) file.body()).getByteBuf().nioBuffer());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      wire.fileReady(channel);
      return null;
    }, false).onFailure(err -> LOG.log(System.Logger.Level.WARNING,
        "could not write the sendfile copy of {0}, serving it from memory: {1}", file.path(), err.getMessage()));
  }
}
