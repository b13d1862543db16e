package marketgate.shared.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process writing into a shared data directory (a gateway beside a worker): leaves a temp
 * file as an interrupted write would, prints its name, then either exits at once ({@code gone})
 * or runs until its stdin closes ({@code running}).
 */
public final class TempWriterProcess {
  public static void main(String[] args) throws Exception {
    DataStore store = new DataStore(Path.of(args[0]));
    Path dir = store.resolve("data");
    Files.createDirectories(dir);
    Path temp = dir.resolve(store.tempName("latest.json.gz"));
    Files.writeString(temp, "half a snapshot");
    System.out.println(temp.getFileName());
    System.out.flush();
    if (args[1].equals("running")) {
      while (System.in.read() >= 0) {
        // runs until the test closes our stdin
      }
    }
    Runtime.getRuntime().halt(0);
  }

  /** Starts one in a fresh JVM with this test's class path. */
  static Process start(Path root, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TempWriterProcess.class.getName(),
        root.toString(), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
