package marketgate.gateway.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the OpenAPI 3.1 document shipped in the jar, read once. */
public final class OpenApiDocument {
  public static final String RESOURCE = "/marketgate/gateway/openapi.yaml";

  private final Buffer document;

  public OpenApiDocument() {
    this.document = Buffer.buffer(text());
  }

  public static String text() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/yaml").end(document);
  }
}
