package marketgate.workers.bluedot.convert;

import marketgate.shared.config.BlueDotConfig;

/** The knobs of a conversion run, from {@code bluedot.*} config. */
public record BatchSettings(double goodBatchShare, int retainBatches, String seedRepository) {
  public BatchSettings {
    if (!(goodBatchShare >= 0 && goodBatchShare <= 1)) {
      throw new IllegalArgumentException("goodBatchShare must be within 0..1");
    }
    if (retainBatches < 1) {
      throw new IllegalArgumentException("retainBatches must be at least 1");
    }
    if (!seedRepository.matches("[A-Za-z0-9_.-]+") || seedRepository.startsWith(".")) {
      throw new IllegalArgumentException("seedRepository '" + seedRepository + "' is not a plain folder name");
    }
  }

  public static BatchSettings from(BlueDotConfig config) {
    return new BatchSettings(config.goodBatchShare(), config.retainBatches(), config.seedRepository());
  }

  /** All files converted is always good; otherwise the converted share must reach the threshold. */
  public boolean isGood(int converted, int total) {
    return total > 0 && (converted == total || (double) converted / total >= goodBatchShare);
  }
}
