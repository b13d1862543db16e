package marketgate.workers.scans;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import marketgate.workers.scans.rules.Scan;

/**
 * A parsed scan code.
 *
 * @param index the universe (0 = the explicit {@code symbols})
 * @param args the scan's arguments, defaults filled in, in the order of {@link Scan#params()}
 * @param symbols the symbols of index 0, else empty
 */
public record ScanRequest(int index, Scan scan, double[] args, List<String> symbols) {

  public ScanRequest {
    args = args.clone();
    symbols = List.copyOf(symbols);
  }

  @Override
  public double[] args() {
    return args.clone();
  }

  /** The code in canonical form, defaults spelled out: {@code X:12:9:2.5}, {@code X:0:0:SBIN,TCS}. */
  public String code() {
    StringBuilder code = new StringBuilder("X:").append(index).append(':').append(scan.id());
    if (index == 0) {
      code.append(':').append(String.join(",", symbols));
    }
    for (double arg : args) {
      code.append(':').append(arg == Math.rint(arg) ? Long.toString((long) arg) : Double.toString(arg));
    }
    return code.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScanRequest r && r.index == index && r.scan == scan && Arrays.equals(r.args, args)
        && r.symbols.equals(symbols);
  }

  @Override
  public int hashCode() {
    return code().hashCode();
  }

  @Override
  public String toString() {
    return code() + " (" + scan.title() + ", args " + Arrays.stream(args).mapToObj(Double::toString)
        .collect(Collectors.joining(",")) + ")";
  }
}
