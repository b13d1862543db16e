package marketgate.shared.config;

public record BotConfig(String apiUrl, String adminChatId) {
  static BotConfig from(ConfigReader r) {
    return new BotConfig(r.string("apiUrl"), r.string("adminChatId"));
  }
}
