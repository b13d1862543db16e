package marketgate.shared.config;

import java.nio.file.Path;

public record BlueDotConfig(
    String driveApiUrl,
    String oauthTokenUrl,
    String folderId,
    String webhookAddress,
    Path credentialsFile,
    int downloadConcurrency,
    double completenessTolerance,
    double goodBatchShare,
    int retainBatches,
    String seedRepository,
    String notifyWebhookUrl,
    int pollSeconds,
    String seedRemote,
    int pendingExpirySeconds) {
  static BlueDotConfig from(ConfigReader r) {
    return new BlueDotConfig(
        r.string("driveApiUrl"),
        r.string("oauthTokenUrl"),
        r.string("folderId"),
        r.string("webhookAddress"),
        r.optionalPath("credentialsFile"),
        r.intIn("downloadConcurrency", 1, 256),
        r.doubleIn("completenessTolerance", 0, 1),
        r.doubleIn("goodBatchShare", 0, 1),
        r.intIn("retainBatches", 1, 10_000),
        r.string("seedRepository"),
        r.string("notifyWebhookUrl"),
        r.intIn("pollSeconds", 10, 86_400),
        r.string("seedRemote"),
        r.intIn("pendingExpirySeconds", 60, 30 * 86_400));
  }
}
