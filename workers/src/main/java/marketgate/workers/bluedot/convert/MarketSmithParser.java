package marketgate.workers.bluedot.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Reads a MarketSmith India {@code details.json} response (FORMATS.md, "BlueDot input") with
 * Jackson's streaming parser: one pass, no tree, only the fields we use, so a 118 KB file costs
 * a fraction of a millisecond. Anything of the wrong shape throws {@link BadInputException} with
 * the JSON path that was wrong.
 */
public final class MarketSmithParser {
  // The fast double parser (FastDoubleParser inside jackson-core) halves the cost of the
  // ~2,000 decimals per file; results are the same correctly rounded doubles.
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private static final long DAY_MS = 86_400_000L;
  /** IST is +05:30 with no daylight saving since 1945: {@code priceDate} is IST midnight. */
  private static final long IST_OFFSET_MS = 19_800_000L;

  /** Raw rows in file order (newest first in practice), before cleaning. */
  public static final class RawFile {
    String symbol;
    String name;
    String periodicity;
    Double rsRating;
    String errorDescription;
    int rows;
    int[] day = new int[512];
    boolean[] holiday = new boolean[512];
    double[] open = new double[512];
    double[] high = new double[512];
    double[] low = new double[512];
    double[] close = new double[512];
    double[] volume = new double[512];
    double[] benchmark = new double[512];
    double[] rating = new double[512];
    int dots;
    int[] dotDays = new int[256];
    boolean sawPrices;

    void grow() {
      int n = day.length * 2;
      day = Arrays.copyOf(day, n);
      holiday = Arrays.copyOf(holiday, n);
      open = Arrays.copyOf(open, n);
      high = Arrays.copyOf(high, n);
      low = Arrays.copyOf(low, n);
      close = Arrays.copyOf(close, n);
      volume = Arrays.copyOf(volume, n);
      benchmark = Arrays.copyOf(benchmark, n);
      rating = Arrays.copyOf(rating, n);
    }

    public String symbol() {
      return symbol;
    }

    public String periodicity() {
      return periodicity;
    }
  }

  public RawFile parse(byte[] content) throws BadInputException {
    RawFile file = new RawFile();
    try (JsonParser p = JSON.createParser(content)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadInputException("not a JSON object");
      }
      boolean sawChart = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("chart".equals(field) && value == JsonToken.VALUE_NULL) {
          continue; // an error answer has no chart; its header says why (checked below)
        } else if ("chart".equals(field)) {
          expect(value, JsonToken.START_OBJECT, "chart");
          readChart(p, file);
          sawChart = true;
        } else if ("responseHeader".equals(field) && value == JsonToken.START_OBJECT) {
          readHeader(p, file);
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new BadInputException("content after the JSON object");
      }
      if (file.errorDescription != null) {
        throw new BadInputException("MarketSmith answered with an error: " + file.errorDescription);
      }
      if (!sawChart) {
        throw new BadInputException("no 'chart' object");
      }
      if (!file.sawPrices) {
        throw new BadInputException("no 'chart.prices' array");
      }
      if (file.rows == 0) {
        throw new BadInputException("'chart.prices' is empty");
      }
      if (file.symbol == null) {
        throw new BadInputException("no 'chart.peripheralData.symbol'");
      }
      return file;
    } catch (JsonParseException e) {
      throw new BadInputException("not valid JSON: " + e.getOriginalMessage() + " at "
          + e.getLocation().offsetDescription());
    } catch (InputCoercionException e) {
      throw new BadInputException("number out of range: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Truncated input ends the stream early; Jackson reports it as an IOException subtype.
      throw new BadInputException("unreadable JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void readHeader(JsonParser p, RawFile file) throws IOException {
    boolean error = false;
    String description = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("error".equals(field) && value == JsonToken.VALUE_TRUE) {
        error = true;
      } else if (("errorShortDesc".equals(field) || "errorLongDesc".equals(field))
          && value == JsonToken.VALUE_STRING && description == null) {
        description = p.getText();
      } else {
        p.skipChildren();
      }
    }
    if (error) {
      file.errorDescription = description == null ? "responseHeader.error is true" : description;
    }
  }

  private static void readChart(JsonParser p, RawFile file) throws IOException, BadInputException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "prices" -> {
          expect(value, JsonToken.START_ARRAY, "chart.prices");
          readPrices(p, file);
          file.sawPrices = true;
        }
        case "peripheralData" -> {
          expect(value, JsonToken.START_OBJECT, "chart.peripheralData");
          readPeripheral(p, file);
        }
        case "blueDotData" -> {
          if (value == JsonToken.START_OBJECT) {
            readBlueDots(p, file);
          } else if (value != JsonToken.VALUE_NULL) {
            throw new BadInputException("chart.blueDotData is " + describe(value) + ", expected an object");
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void readPrices(JsonParser p, RawFile file) throws IOException, BadInputException {
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      int i = file.rows;
      expect(token, JsonToken.START_OBJECT, "chart.prices[" + i + "]");
      if (i == file.day.length) {
        file.grow();
      }
      long priceDate = Long.MIN_VALUE;
      double open = Double.NaN, high = Double.NaN, low = Double.NaN, close = Double.NaN;
      double volume = Double.NaN, benchmark = Double.NaN, rating = Double.NaN;
      boolean holiday = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "priceDate" -> {
            if (value != JsonToken.VALUE_NUMBER_INT) {
              throw new BadInputException("chart.prices[" + i + "].priceDate is " + describe(value)
                  + ", expected epoch milliseconds");
            }
            priceDate = p.getLongValue();
          }
          case "open" -> open = number(p, value, i, field);
          case "high" -> high = number(p, value, i, field);
          case "low" -> low = number(p, value, i, field);
          case "close" -> close = number(p, value, i, field);
          case "volume" -> volume = number(p, value, i, field);
          case "bc" -> benchmark = number(p, value, i, field);
          case "rlst" -> rating = number(p, value, i, field);
          case "pdt" -> holiday = value == JsonToken.VALUE_STRING && "Holiday".equals(p.getText());
          default -> p.skipChildren();
        }
      }
      if (priceDate == Long.MIN_VALUE) {
        throw new BadInputException("chart.prices[" + i + "] has no priceDate");
      }
      file.day[i] = (int) Math.floorDiv(priceDate + IST_OFFSET_MS, DAY_MS);
      file.holiday[i] = holiday;
      file.open[i] = open;
      file.high[i] = high;
      file.low[i] = low;
      file.close[i] = close;
      file.volume[i] = volume;
      file.benchmark[i] = benchmark;
      file.rating[i] = rating;
      file.rows = i + 1;
    }
  }

  private static double number(JsonParser p, JsonToken value, int row, String field)
      throws IOException, BadInputException {
    if (value == JsonToken.VALUE_NULL) {
      return Double.NaN;
    }
    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new BadInputException("chart.prices[" + row + "]." + field + " is " + describe(value)
          + ", expected a number or null");
    }
    double d = p.getDoubleValue();
    if (!Double.isFinite(d)) {
      throw new BadInputException("chart.prices[" + row + "]." + field + " is not finite");
    }
    return d;
  }

  private static void readPeripheral(JsonParser p, RawFile file) throws IOException, BadInputException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "symbol" -> file.symbol = text(p, value, "chart.peripheralData.symbol");
        case "name" -> file.name = text(p, value, "chart.peripheralData.name");
        case "periodcity" -> file.periodicity = text(p, value, "chart.peripheralData.periodcity");
        case "rsRating" -> {
          if (value.isNumeric()) {
            file.rsRating = p.getDoubleValue();
          } else if (value != JsonToken.VALUE_NULL) {
            throw new BadInputException("chart.peripheralData.rsRating is " + describe(value));
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void readBlueDots(JsonParser p, RawFile file) throws IOException, BadInputException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (!"dates".equals(field) || value == JsonToken.VALUE_NULL) {
        p.skipChildren();
        continue;
      }
      expect(value, JsonToken.START_ARRAY, "chart.blueDotData.dates");
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        String where = "chart.blueDotData.dates[" + file.dots + "]";
        expect(token, JsonToken.START_OBJECT, where);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if ("blueDotDate".equals(name)) {
            String text = text(p, v, where + ".blueDotDate");
            try {
              if (file.dots == file.dotDays.length) {
                file.dotDays = Arrays.copyOf(file.dotDays, file.dots * 2);
              }
              file.dotDays[file.dots++] = (int) LocalDate.parse(text).toEpochDay();
            } catch (DateTimeParseException | NullPointerException e) {
              throw new BadInputException(where + ".blueDotDate '" + text + "' is not YYYY-MM-DD");
            }
          } else {
            p.skipChildren();
          }
        }
      }
    }
  }

  private static String text(JsonParser p, JsonToken value, String where) throws IOException, BadInputException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new BadInputException(where + " is " + describe(value) + ", expected a string");
    }
    return p.getText();
  }

  private static void expect(JsonToken actual, JsonToken expected, String where) throws BadInputException {
    if (actual != expected) {
      throw new BadInputException(where + " is " + describe(actual) + ", expected " + describe(expected));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "missing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }
}
