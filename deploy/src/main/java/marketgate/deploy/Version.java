package marketgate.deploy;

import picocli.CommandLine.IVersionProvider;

public final class Version implements IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"marketgate " + current()};
  }
}
