package marketgate.workers.bluedot.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class DriveClientTest {
  /** Held for the whole test: Vert.x closes a client nobody references, even with a request in flight. */
  private WebClient web;

  @BeforeEach
  void createClient(Vertx vertx) {
    web = WebClient.create(vertx);
  }

  @TempDir Path temp;

  @Test
  void changesFollowNextPageTokenUpToTheNewStartPageToken(Vertx vertx, VertxTestContext ctx) {
    FakeDrive fake = new FakeDrive();
    fake.changePages.put("100", new JsonObject().put("nextPageToken", "150").put("changes", new JsonArray()
        .add(new JsonObject().put("fileId", "a").put("removed", true))));
    fake.changePages.put("150", new JsonObject().put("newStartPageToken", "200").put("changes", new JsonArray()
        .add(new JsonObject().put("fileId", "b").put("file", new JsonObject().put("id", "b").put("name", "x.json")
            .put("parents", new JsonArray().add("p"))))));
    fake.start(vertx).compose(base -> new DriveClient(web, base, DriveCredentials.apiKey("test-key"))
        .changes("100")).onComplete(ctx.succeeding(changes -> ctx.verify(() -> {
          assertEquals("200", changes.newStartPageToken());
          assertEquals(2, changes.changes().size());
          assertTrue(changes.changes().get(0).removed());
          assertEquals("x.json", changes.changes().get(1).file().name());
          assertEquals(java.util.List.of("p"), changes.changes().get(1).file().parents());
          ctx.completeNow();
        })));
  }

  @Test
  void aFolderListingFollowsEveryPage(Vertx vertx, VertxTestContext ctx) {
    FakeDrive fake = new FakeDrive();
    for (int i = 0; i < 5; i++) {
      fake.file("f" + i, "S" + i + "_daily.json", "folder", new byte[] {(byte) i});
    }
    fake.file("other", "elsewhere.json", "otherFolder", new byte[0]);
    fake.start(vertx).compose(base -> new DriveClient(web, base, DriveCredentials.apiKey("test-key"))
        .listFolder("folder")).onComplete(ctx.succeeding(files -> ctx.verify(() -> {
          assertEquals(5, files.size(), "three pages of two");
          assertEquals("S4_daily.json", files.get(4).name());
          assertEquals(3, fake.requests.size());
          ctx.completeNow();
        })));
  }

  @Test
  void aServiceAccountKeySignsAJwtThatTheTokenEndpointVerifies(Vertx vertx, VertxTestContext ctx) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Path keyFile = temp.resolve("sa.json");
    Files.writeString(keyFile, new JsonObject().put("type", "service_account")
        .put("client_email", "bluedot@project.iam.gserviceaccount.com").put("private_key", pem).encode());
    FakeDrive fake = new FakeDrive();
    fake.serviceAccountKey = pair.getPublic();
    fake.requiredKey = null;
    fake.start(vertx).compose(base -> {
      String tokenUrl = base.replace("/drive/v3", "/token");
      try {
        WebClient client = web;
        DriveClient drive = new DriveClient(client, base,
            DriveCredentials.serviceAccount(client, keyFile, tokenUrl, Clock.systemUTC()));
        return drive.startPageToken().compose(t -> drive.startPageToken());
      } catch (Exception e) {
        return io.vertx.core.Future.failedFuture(e);
      }
    }).onComplete(ctx.succeeding(token -> ctx.verify(() -> {
      assertEquals("100", token);
      assertEquals(1, fake.jwtClaims.size(), "the access token is cached");
      JsonObject claims = fake.jwtClaims.get(0);
      assertEquals("bluedot@project.iam.gserviceaccount.com", claims.getString("iss"));
      assertEquals(DriveCredentials.SCOPE, claims.getString("scope"));
      assertTrue(claims.getString("aud").endsWith("/token"));
      assertEquals(3600, claims.getLong("exp") - claims.getLong("iat"));
      assertEquals("Bearer token-1", fake.requests.get(fake.requests.size() - 1).getHeader("Authorization"));
      ctx.completeNow();
    })));
  }
}
