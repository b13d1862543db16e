package marketgate.workers.ticks;

import java.util.Arrays;

/** Instrument token -> dense index, open addressing on primitive ints (no boxing on the hot path). */
final class TokenIndex {
  private static final int EMPTY = Integer.MIN_VALUE;
  private final int[] keys;
  private final int[] values;
  private final int mask;

  TokenIndex(int expected) {
    int size = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new int[size];
    values = new int[size];
    mask = size - 1;
    Arrays.fill(keys, EMPTY);
  }

  void put(int token, int index) {
    int slot = mix(token) & mask;
    while (keys[slot] != EMPTY && keys[slot] != token) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = token;
    values[slot] = index;
  }

  int get(int token) {
    int slot = mix(token) & mask;
    while (true) {
      int key = keys[slot];
      if (key == token) {
        return values[slot];
      }
      if (key == EMPTY) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int mix(int x) {
    // Kite tokens share their low byte (the segment): spread the high bits down.
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
