package marketgate.workers.bluedot.convert;

import java.util.Map;

/** What the index says about one converted stock. */
public record ConvertedStock(
    String symbol,
    String name,
    String sourceFile,
    String lastDate,
    double lastClose,
    Double rsRating,
    boolean blueDotOnLastBar,
    Map<SeriesKind, Integer> rows) {}
