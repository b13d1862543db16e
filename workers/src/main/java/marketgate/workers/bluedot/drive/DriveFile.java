package marketgate.workers.bluedot.drive;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The Drive file fields we ask for. */
public record DriveFile(String id, String name, String mimeType, String md5Checksum, List<String> parents) {
  public static final String FOLDER = "application/vnd.google-apps.folder";
  static final String FIELDS = "id,name,mimeType,md5Checksum,parents";

  public boolean isFolder() {
    return FOLDER.equals(mimeType);
  }

  static DriveFile from(JsonObject json) {
    JsonArray parents = json.getJsonArray("parents", new JsonArray());
    return new DriveFile(json.getString("id"), json.getString("name"), json.getString("mimeType"),
        json.getString("md5Checksum"), parents.stream().map(String::valueOf).toList());
  }
}
