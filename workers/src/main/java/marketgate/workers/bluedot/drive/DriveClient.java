package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Google Drive v3 over the Vert.x Web Client: the start page token, changes (following
 * {@code nextPageToken} to the {@code newStartPageToken}), a folder's children (paged), media
 * download, and the watch/stop calls of push channels. Base URL from {@code bluedot.driveApiUrl}.
 */
public final class DriveClient {
  private static final int TIMEOUT_MILLIS = 30_000;

  private final WebClient client;
  private final String baseUrl;
  private final DriveCredentials credentials;

  public DriveClient(WebClient client, String baseUrl, DriveCredentials credentials) {
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.credentials = credentials;
  }

  /** Changes since a page token, and the token to start from next time. */
  public record Changes(List<Change> changes, String newStartPageToken) {}

  /** One change; {@code file} is null for a removal. */
  public record Change(String fileId, boolean removed, DriveFile file) {}

  public Future<String> startPageToken() {
    return get("/changes/startPageToken", r -> r).map(json -> json.getString("startPageToken"));
  }

  public Future<Changes> changes(String pageToken) {
    return changesFrom(pageToken, new ArrayList<>());
  }

  private Future<Changes> changesFrom(String pageToken, List<Change> sofar) {
    return get("/changes", r -> r.addQueryParam("pageToken", pageToken).addQueryParam("pageSize", "1000")
        .addQueryParam("fields", "nextPageToken,newStartPageToken,changes(fileId,removed,file(" + DriveFile.FIELDS + "))"))
        .compose(json -> {
          for (Object o : json.getJsonArray("changes", new JsonArray())) {
            JsonObject c = (JsonObject) o;
            JsonObject file = c.getJsonObject("file");
            sofar.add(new Change(c.getString("fileId"), c.getBoolean("removed", false),
                file == null ? null : DriveFile.from(file)));
          }
          String next = json.getString("nextPageToken");
          if (next != null) {
            return changesFrom(next, sofar);
          }
          String fresh = json.getString("newStartPageToken");
          return fresh == null ? Future.failedFuture("Drive changes ended without newStartPageToken")
              : Future.succeededFuture(new Changes(sofar, fresh));
        });
  }

  /** Every non-trashed child of a folder, all pages. */
  public Future<List<DriveFile>> listFolder(String folderId) {
    if (!folderId.matches("[A-Za-z0-9_-]+")) {
      return Future.failedFuture("not a Drive id: " + folderId);
    }
    return listFrom("'" + folderId + "' in parents and trashed = false", null, new ArrayList<>());
  }

  private Future<List<DriveFile>> listFrom(String query, String pageToken, List<DriveFile> sofar) {
    return get("/files", r -> {
      r.addQueryParam("q", query).addQueryParam("pageSize", "1000")
          .addQueryParam("fields", "nextPageToken,files(" + DriveFile.FIELDS + ")");
      return pageToken == null ? r : r.addQueryParam("pageToken", pageToken);
    }).compose(json -> {
      for (Object o : json.getJsonArray("files", new JsonArray())) {
        sofar.add(DriveFile.from((JsonObject) o));
      }
      String next = json.getString("nextPageToken");
      return next == null ? Future.succeededFuture(sofar) : listFrom(query, next, sofar);
    });
  }

  /** The file's bytes ({@code alt=media}). */
  public Future<Buffer> download(String fileId) {
    return credentials.authorize(client.getAbs(baseUrl + "/files/" + fileId).addQueryParam("alt", "media")
            .timeout(TIMEOUT_MILLIS))
        .compose(HttpRequest::send)
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.body() == null ? Buffer.buffer() : r.body())
            : Future.failedFuture(new DriveException("download " + fileId, r.statusCode())));
  }

  /** Opens a push channel on the changes feed; Drive answers with the channel's resourceId and expiration. */
  public Future<JsonObject> watchChanges(String pageToken, String channelId, String address, String token,
      long expirationMillis) {
    JsonObject body = new JsonObject().put("id", channelId).put("type", "web_hook").put("address", address)
        .put("token", token).put("expiration", Long.toString(expirationMillis));
    return post("/changes/watch", r -> r.addQueryParam("pageToken", pageToken), body);
  }

  public Future<Void> stopChannel(String channelId, String resourceId) {
    return post("/channels/stop", r -> r, new JsonObject().put("id", channelId).put("resourceId", resourceId))
        .mapEmpty();
  }

  private Future<JsonObject> get(String path, Function<HttpRequest<Buffer>, HttpRequest<Buffer>> params) {
    return credentials.authorize(params.apply(client.getAbs(baseUrl + path).timeout(TIMEOUT_MILLIS)))
        .compose(HttpRequest::send)
        .compose(r -> json(path, r));
  }

  private Future<JsonObject> post(String path, Function<HttpRequest<Buffer>, HttpRequest<Buffer>> params, JsonObject body) {
    return credentials.authorize(params.apply(client.postAbs(baseUrl + path).timeout(TIMEOUT_MILLIS)))
        .compose(r -> r.sendJsonObject(body))
        .compose(r -> json(path, r));
  }

  private static Future<JsonObject> json(String path, HttpResponse<Buffer> r) {
    if (r.statusCode() / 100 != 2) {
      return Future.failedFuture(new DriveException(path, r.statusCode()));
    }
    try {
      return Future.succeededFuture(r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject());
    } catch (RuntimeException e) {
      return Future.failedFuture(new DriveException(path + " answered with non-JSON", r.statusCode()));
    }
  }

  /** A non-2xx answer from Drive. */
  public static final class DriveException extends RuntimeException {
    private final int status;

    DriveException(String what, int status) {
      super("Drive " + what + " answered " + status);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

}
