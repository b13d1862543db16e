package marketgate.workers.bluedot.convert;

import java.time.LocalDate;

/** One MarketSmith file to its five CSVs and its index entry. Pure: no IO, thread-safe. */
public final class StockConverter {
  private final MarketSmithParser parser = new MarketSmithParser();
  private final SeriesCleaner cleaner;

  public StockConverter(Timeframe timeframe) {
    this.cleaner = new SeriesCleaner(timeframe);
  }

  public record Result(ConvertedStock stock, SeedCsv.Rendered csv) {}

  public Result convert(String sourceFile, byte[] content, int todayEpochDay) throws BadInputException {
    StockSeries series = cleaner.clean(parser.parse(content), todayEpochDay);
    SeedCsv.Rendered csv = SeedCsv.render(series);
    int last = lastBar(series);
    Double rating = series.rsRating();
    if (rating == null) {
      for (int i = series.size() - 1; i >= 0 && rating == null; i--) {
        rating = Double.isNaN(series.rating()[i]) ? null : series.rating()[i];
      }
    }
    ConvertedStock stock = new ConvertedStock(series.symbol(), series.name(), sourceFile,
        LocalDate.ofEpochDay(series.epochDays()[last]).toString(), series.close()[last], rating,
        series.blueDot()[last], csv.rows());
    return new Result(stock, csv);
  }

  private static int lastBar(StockSeries s) {
    for (int i = s.size() - 1; i >= 0; i--) {
      if (s.hasBar(i)) {
        return i;
      }
    }
    throw new IllegalStateException("the cleaner guarantees a bar");
  }
}
