package marketgate.gateway.stream;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open stream. Everything here runs on the context of the client's connection. It counts the
 * bytes written but not yet on the socket: past {@code queueBytes}, or when the connection's own
 * write queue is full, the client is too slow; it gets a final {@code dropped} event and is closed,
 * so a reader that stopped costs at most one queue of memory.
 */
final class StreamClient {
  /** How long a dropped client has to take its last bytes before the connection is closed. */
  static final long DROP_GRACE_MILLIS = 10_000;
  private final StreamHub hub;
  private final HttpConnection connection;
  final Context context;
  final HttpServerResponse response;
  final StreamFilter filter;
  private final int queueBytes;
  private long lastId;
  private long pendingBytes;
  private boolean closed;

  StreamClient(StreamHub hub, Context context, HttpConnection connection, HttpServerResponse response,
      StreamFilter filter, int queueBytes) {
    this.hub = hub;
    this.connection = connection;
    this.context = context;
    this.response = response;
    this.filter = filter;
    this.queueBytes = queueBytes;
  }

  /** Events up to this id are not sent (the client had them, or joined after them). */
  void startAfter(long id) {
    lastId = id;
  }

  /** Sends an event unless the client already had it or its filter leaves nothing of it. */
  void send(StreamEvent event) {
    if (closed || event.id <= lastId) {
      return;
    }
    lastId = event.id;
    String frame = event.frame(filter);
    if (frame != null) {
      write(frame);
    }
  }

  /** Writes a frame, or drops the client when it is not reading. */
  void write(String frame) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull() || pendingBytes > queueBytes) {
      drop();
      return;
    }
    Buffer bytes = Buffer.buffer(frame);
    int size = bytes.length();
    pendingBytes += size;
    hub.notePending(pendingBytes);
    response.write(bytes).onComplete(ar -> pendingBytes -= size);
  }

  private void drop() {
    closed = true;
    hub.dropped(this);
    // The final event goes out past the bound once, then the stream ends; a client that reads again
    // gets what was queued and the event. One that never does is cut off after a grace period.
    response.end("event: dropped\ndata: {\"reason\": \"client too slow: more than " + queueBytes
        + " bytes waiting\"}\n\n").onComplete(ar -> connection.close());
    context.owner().setTimer(DROP_GRACE_MILLIS, id -> connection.close());
  }

  void close() {
    if (!closed) {
      closed = true;
      hub.closed(this);
    }
  }

  boolean isClosed() {
    return closed;
  }

  long pendingBytes() {
    return pendingBytes;
  }
}
