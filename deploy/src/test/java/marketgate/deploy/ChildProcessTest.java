package marketgate.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test harness's ports: below the kernel's ephemeral range, never a privileged one. */
class ChildProcessTest {
  @Test
  void freePortsLieJustBelowTheEphemeralRange() throws Exception {
    int low = ChildProcess.ephemeralLow();
    if (Files.isReadable(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      // What the kernel says, read as a shell would (a partial read of a sysctl file gave "3").
      String[] range = new ProcessBuilder("cat", "/proc/sys/net/ipv4/ip_local_port_range").start()
          .inputReader().readLine().trim().split("\\s+");
      assertTrue(low == Integer.parseInt(range[0]) || low == 32768, "ephemeral range starts at " + range[0] + ", read " + low);
    }
    for (int i = 0; i < 2_000; i++) {
      int port = ChildProcess.freePort();
      // Chromium refuses some low ports (43 failed a CI run) and the kernel hands out the ephemeral ones.
      assertTrue(port >= low - 8_000 && port < low && port > 1024, "port " + port + " for ephemeral range from " + low);
    }
  }
}
