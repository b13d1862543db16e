package marketgate.workers.scans.rules;

/** A scan argument: its name, default and the closed range a user may give. */
public record Param(String name, double defaultValue, double min, double max, boolean integer) {

  static Param number(String name, double defaultValue, double min, double max) {
    return new Param(name, defaultValue, min, max, false);
  }

  static Param whole(String name, int defaultValue, int min, int max) {
    return new Param(name, defaultValue, min, max, true);
  }

  /** How the parameter reads in help and errors, e.g. {@code ratio (2.5, 0 < ratio <= 100)}. */
  public String describe() {
    return name + " (default " + format(defaultValue) + ", " + format(min) + " to " + format(max)
        + (integer ? ", whole number" : "") + ")";
  }

  static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
