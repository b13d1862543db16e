package marketgate.gateway.mirror;

import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.channels.FileChannel;

/**
 * A response sent with sendfile(2) while the socket is corked (TCP_CORK), from before the headers
 * until the write is done, as nginx's {@code tcp_nopush}. Vert.x writes the headers, then the file:
 * uncorked, the headers leave as a segment of their own, which the client must wake up for and read
 * by itself, and sendfile lost to writing the same bytes from memory (a copy more) below 512 KB.
 * Corked, the headers go out with the body's first bytes and sendfile wins from 64 KB
 * (docs/benchmarks.md, "Gateway mirror vs nginx").
 *
 * <p>The socket is reached through Vert.x's connection internals ({@link ConnectionBase#channel()}):
 * Vert.x has no public per-response cork. Only on the epoll transport; elsewhere the file is sent
 * uncorked.
 */
final class CorkedSendfile {
  private CorkedSendfile() {}

  static Future<Void> send(HttpServerRequest request, FileChannel file, long length) {
    EpollSocketChannel socket = request.connection() instanceof ConnectionBase connection
        && connection.channel() instanceof EpollSocketChannel epoll ? epoll : null;
    if (socket == null || !cork(socket, true)) {
      return request.response().sendFile(file, 0, length);
    }
    Future<Void> sent;
    try {
      sent = request.response().sendFile(file, 0, length);
    } catch (RuntimeException e) {
      cork(socket, false);
      throw e;
    }
    // Uncorking sends what is left of the body at once (a corked tail would wait up to 200 ms).
    return sent.andThen(done -> cork(socket, false));
  }

  /** False when the socket is gone (closed by the client meanwhile): nothing to cork or uncork. */
  private static boolean cork(EpollSocketChannel socket, boolean on) {
    if (!socket.isOpen()) {
      return false;
    }
    try {
      socket.config().setTcpCork(on);
      return true;
    } catch (ChannelException closedMeanwhile) {
      return false;
    }
  }
}
