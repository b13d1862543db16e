package marketgate.shared.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

public record PublishConfig(
    List<String> targets,
    int marketIntervalSeconds,
    int offHoursIntervalSeconds,
    int candlesPerInterval,
    int retryMaxSeconds,
    Git git,
    GitHub github) {

  public static final Set<String> TARGETS = Set.of("local", "git", "github");

  public record Git(Path repoDir, String remote, String branch, String authorName, String authorEmail, int pushRetries) {}

  public record GitHub(String apiUrl, String repository, String branch) {}

  static PublishConfig from(ConfigReader r) {
    ConfigReader git = r.section("git");
    ConfigReader github = r.section("github");
    List<String> targets = r.stringListOf("targets", TARGETS);
    if (targets.isEmpty()) {
      throw new ConfigException(r.key("targets"), "needs at least one of " + TARGETS);
    }
    return new PublishConfig(
        targets,
        r.intIn("marketIntervalSeconds", 1, 86_400),
        r.intIn("offHoursIntervalSeconds", 1, 86_400),
        r.intIn("candlesPerInterval", 1, 100_000),
        r.intIn("retryMaxSeconds", 1, 86_400),
        new Git(git.optionalPath("repoDir"), git.string("remote"), git.string("branch"), git.string("authorName"),
            git.string("authorEmail"), git.intIn("pushRetries", 0, 100)),
        new GitHub(github.string("apiUrl"), github.string("repository"), github.string("branch")));
  }
}
