package marketgate.workers.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code git} command line, to check what JGit wrote with the tool people use. */
public final class GitCli {
  private GitCli() {}

  /** Runs git in a directory; returns its output, or throws with it when git fails. */
  public static String git(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=other", "-c", "user.email=o@x"));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    int code = process.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    if (code != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + text);
    }
    return text;
  }

  /** A bare repository with branch main, as a remote to push to. */
  public static Path bareRepository(Path parent, String name) throws IOException, InterruptedException {
    git(parent, "init", "-q", "--bare", "--initial-branch=main", name);
    return parent.resolve(name);
  }
}
