package marketgate.gateway.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import marketgate.gateway.GatewayFixture;

/** A Server-Sent Events reader over a Vert.x HTTP client: parses frames and lets a test wait for one. */
public final class SseClient {
  /** One parsed event; id is -1 when the frame had none. */
  public record Event(long id, String type, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  public final List<Event> events = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;
  private Predicate<Event> waitingFor;
  private Promise<Event> waiter;

  /** Opens the stream on a context ({@link GatewayFixture#onContext}): from the test's thread, the first events could be lost. */
  public static Future<SseClient> open(GatewayFixture gateway, String uri, String lastEventId) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(gateway.port()).setURI(uri);
    if (lastEventId != null) {
      options.addHeader("last-event-id", lastEventId);
    }
    SseClient sse = new SseClient();
    return GatewayFixture.onContext(gateway.vertx, () -> gateway.client.request(options)
        .compose(req -> req.send()).map(resp -> {
          sse.response = resp;
          resp.handler(sse::onData);
          return sse;
        }));
  }

  public int status() {
    return response.statusCode();
  }

  private synchronized void onData(Buffer buffer) {
    pending.append(buffer.toString());
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String frame = pending.substring(0, end);
      pending.delete(0, end + 2);
      long id = -1;
      String type = null;
      StringBuilder data = new StringBuilder();
      for (String line : frame.split("\n")) {
        if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (type != null) {
        Event event = new Event(id, type, data.toString());
        events.add(event);
        if (waiter != null && waitingFor.test(event)) {
          Promise<Event> p = waiter;
          waiter = null;
          p.complete(event);
        }
      }
    }
  }

  /** Completes with the first event (already received or coming) that matches. */
  public synchronized Future<Event> await(Predicate<Event> match) {
    for (Event e : events) {
      if (match.test(e)) {
        return Future.succeededFuture(e);
      }
    }
    waitingFor = match;
    waiter = Promise.promise();
    return waiter.future();
  }

  public Future<Void> close() {
    return response.request().connection().close();
  }

  public synchronized long lastId() {
    return events.stream().mapToLong(Event::id).max().orElse(-1);
  }
}
