package marketgate.gateway.stream;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import marketgate.shared.model.Interval;

/**
 * What one stream asked for: {@code symbols} (empty: every symbol), {@code intervals} (empty:
 * every interval) and the event types. Parsed from the query; a bad value is an
 * {@link IllegalArgumentException} with a message for a person.
 */
record StreamFilter(Set<String> symbols, Set<Interval> intervals, Set<String> events) {
  static final Set<String> EVENT_TYPES = Set.of(StreamEvent.CANDLES, StreamEvent.SNAPSHOT, StreamEvent.ALERT);

  static StreamFilter parse(String symbols, String intervals, String events, int maxSymbols) {
    Set<String> syms = new LinkedHashSet<>();
    for (String s : split(symbols)) {
      syms.add(s.toUpperCase(Locale.ROOT));
    }
    if (syms.size() > maxSymbols) {
      throw new IllegalArgumentException("at most " + maxSymbols + " symbols per stream, got " + syms.size());
    }
    Set<Interval> ivs = EnumSet.noneOf(Interval.class);
    for (String s : split(intervals)) {
      ivs.add(Interval.parse(s));
    }
    Set<String> types = new LinkedHashSet<>();
    for (String s : split(events)) {
      String type = s.toLowerCase(Locale.ROOT);
      if (!EVENT_TYPES.contains(type)) {
        throw new IllegalArgumentException("unknown event type '" + s + "'; use candles, snapshot, alert");
      }
      types.add(type);
    }
    return new StreamFilter(syms, ivs, types.isEmpty() ? EVENT_TYPES : types);
  }

  private static String[] split(String csv) {
    if (csv == null || csv.isBlank()) {
      return new String[0];
    }
    return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  boolean allSymbols() {
    return symbols.isEmpty();
  }

  boolean allIntervals() {
    return intervals.isEmpty() || intervals.size() == Interval.count();
  }

  boolean wants(String type) {
    return events.contains(type);
  }
}
