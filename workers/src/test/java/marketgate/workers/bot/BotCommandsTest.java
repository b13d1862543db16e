package marketgate.workers.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.telegram.BotApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BotCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dataDir;

  private io.vertx.core.Future<BotFixture> bot(Vertx vertx, JsonObject settings) {
    return BotFixture.start(vertx, dataDir, settings,
        BotFixture.history(List.of("AAA", "BBB", "M&M"), List.of("AAA", "M&M")), BotFixture.CLOSED);
  }

  @Test
  void aScanIsQueuedAtOnceThenPostedAsAnEscapedMonospaceTableNamingItsData(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.say(42, "/scan X:0:9:AAA,BBB,M&M");
      return f.texts(2);
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(0).startsWith("\u23f3 Queued <code>X:0:9:AAA,BBB,M&amp;M:2.5</code>"), texts.get(0));
      String table = texts.get(1);
      assertTrue(table.contains("2 stocks \u00b7 EOD 2025-06-20"), table);
      assertTrue(table.contains("<pre>SYMBOL"), table);
      assertTrue(table.contains("\nAAA "), table);
      assertTrue(table.contains("\nM&amp;M "), "symbols are HTML-escaped: " + table);
      assertFalse(table.contains("\nBBB "), "BBB has no volume spike: " + table);
      ctx.completeNow();
    })));
  }

  @Test
  void pkscreenerCodesWithASpaceBeforeTheSymbolsScanThoseSymbols(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.say(42, "/X_0 AAA,BBB");
      return f.texts(2);
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(0).contains("<code>X:0:0:AAA,BBB</code>"), texts.get(0));
      assertTrue(texts.get(1).contains("\nAAA ") && texts.get(1).contains("\nBBB "), texts.get(1));
      ctx.completeNow();
    })));
  }

  @Test
  void aBadCodeGetsTheParsersActionableMessageAndNoQueuedNotice(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.say(42, "/X_12_8");
      return f.texts(1);
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(0).contains("scan '8' is not supported; scans: 0 (Full screening"), texts.get(0));
      ctx.completeNow();
    })));
  }

  @Test
  void aResultPastMaxInlineRowsIsSplitUnder4096AndAlsoSentAsACsvDocumentOfTheSameRows(Vertx vertx,
      VertxTestContext ctx) {
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      symbols.add("SYM" + i);
    }
    String code = "X:0:9:" + String.join(",", symbols);
    BotFixture.start(vertx, dataDir, new JsonObject().put("maxInlineRows", 120), BotFixture.history(symbols, symbols),
            BotFixture.CLOSED)
        .compose(f -> {
          f.say(7, "/scan " + code);
          return f.api.awaitCalls("sendDocument", 1, WAIT).compose(docs -> f.vertx.eventBus()
              .<JsonObject>request(Addresses.SCANS_RUN, new JsonObject().put("code", code))
              .map(reply -> List.of(docs.get(0), reply.body(), f.api.calls("sendMessage"))));
        })
        .onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
          BotApiServer.Call doc = (BotApiServer.Call) parts.get(0);
          JsonObject reply = (JsonObject) parts.get(1);
          @SuppressWarnings("unchecked")
          List<BotApiServer.Call> messages = (List<BotApiServer.Call>) parts.get(2);
          assertEquals("document", doc.fileField());
          assertEquals("7", doc.chatId());
          List<String> csv = doc.file().toString().lines().toList();
          assertEquals("symbol,ltp,change_pct,volume_ratio,rsi14,high_52w,low_52w,level", csv.get(0));
          assertEquals(151, csv.size());
          for (int i = 0; i < 150; i++) {
            JsonObject row = reply.getJsonArray("rows").getJsonObject(i);
            String[] cells = csv.get(i + 1).split(",", -1);
            assertEquals(row.getString("symbol"), cells[0]);
            assertEquals(row.getDouble("ltp"), Double.parseDouble(cells[1]));
            assertEquals(row.getDouble("volume_ratio"), Double.parseDouble(cells[3]));
          }
          // queued + the table in at least two parts, every part under Telegram's limit, 120 rows in all
          List<String> tables = messages.stream().skip(1).map(c -> c.params().getString("text")).toList();
          assertTrue(tables.size() >= 2, "split into " + tables.size());
          int rows = 0;
          for (String t : tables) {
            assertTrue(t.length() <= 4096, "length " + t.length());
            assertTrue(t.endsWith("</pre>"), "each part is a whole table: " + t);
            rows += (int) t.lines().filter(l -> l.startsWith("SYM")).count();
          }
          assertEquals(120, rows);
          assertTrue(tables.get(0).contains("first 120 shown; all 150 in the CSV below"), tables.get(0));
          ctx.completeNow();
        })));
  }

  @Test
  void unknownCommandsAndPlainTextGetAHintNotAnException(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.say(5, "/frobnicate <now>");
      return f.texts(1).compose(t -> {
        f.say(5, "hello");
        return f.texts(2);
      }).compose(texts -> f.status().map(s -> List.of(texts, s)));
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      @SuppressWarnings("unchecked")
      List<String> texts = (List<String>) parts.get(0);
      JsonObject status = (JsonObject) parts.get(1);
      assertEquals("I do not know /frobnicate. Send /help for the commands.", texts.get(0));
      assertTrue(texts.get(1).startsWith("Send a command"), texts.get(1));
      assertEquals(1, status.getLong("unknown_commands"));
      ctx.completeNow();
    })));
  }

  @Test
  void malformedUpdatesOnTheBusAreCountedRejectionsAndTheBotKeepsAnswering(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.vertx.eventBus().send(Addresses.BOT_UPDATES, "not json");
      f.vertx.eventBus().send(Addresses.BOT_UPDATES, new JsonObject().put("update_id", 1).put("message", "text?"));
      f.vertx.eventBus().send(Addresses.BOT_UPDATES, new JsonObject().put("update_id", 2)
          .put("callback_query", new JsonObject().put("id", 9).put("data", 17)));
      f.say(5, "/help");
      return f.texts(1).compose(t -> f.statusWhen(s -> s.getJsonObject("updates").getLong("received") >= 4)
          .map(s -> List.of(t, s)));
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      @SuppressWarnings("unchecked")
      List<String> texts = (List<String>) parts.get(0);
      JsonObject status = (JsonObject) parts.get(1);
      assertTrue(texts.get(0).startsWith("<b>Commands</b>"), texts.get(0));
      assertEquals(1, status.getJsonObject("updates").getLong("rejected"), status.encode());
      assertEquals(1, status.getJsonObject("updates").getLong("ignored"), status.encode());
      ctx.completeNow();
    })));
  }

  @Test
  void theMenuIsNavigatedInPlaceEveryCallbackIsAnsweredAndGarbageIsRefusedPolitely(Vertx vertx,
      VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.say(9, "/start");
      return f.api.awaitCalls("sendMessage", 1, WAIT).compose(menu -> {
        long messageId = 1; // the server numbers the bot's messages from 1
        JsonObject keyboard = menu.get(0).params().getJsonObject("reply_markup");
        assertTrue(keyboard.encode().contains("\"i|12\""), "all stocks is offered: " + keyboard.encode());
        f.press(9, messageId, "i|12");
        return f.api.awaitCalls("editMessageText", 1, WAIT).compose(e1 -> {
          f.press(9, messageId, "s|12|9");
          return f.api.awaitCalls("editMessageText", 2, WAIT);
        }).compose(e2 -> {
          long garbage = f.press(9, messageId, "\u0000garbage|||");
          return f.api.awaitCalls("answerCallbackQuery", 3, WAIT).map(answers -> answers.stream()
              .filter(a -> ("cb" + garbage).equals(a.params().getString("callback_query_id"))).toList());
        }).map(answers -> List.of(menu.get(0), f.api.calls("editMessageText"), answers));
      });
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      BotApiServer.Call menu = (BotApiServer.Call) parts.get(0);
      @SuppressWarnings("unchecked")
      List<BotApiServer.Call> edits = (List<BotApiServer.Call>) parts.get(1);
      @SuppressWarnings("unchecked")
      List<BotApiServer.Call> answers = (List<BotApiServer.Call>) parts.get(2);
      assertTrue(menu.params().getString("text").contains("Pick a universe"), menu.params().encode());
      JsonObject first = menu.params().getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0)
          .getJsonObject(0);
      // NSE's lists ship in the jar, so the menu starts with Nifty 50 (index 1).
      assertEquals("i|1", first.getString("callback_data"), "indexes with a universe are offered, in order");
      assertTrue(edits.get(0).params().getString("text").startsWith("<b>all stocks</b>: pick a scan"));
      assertEquals(1L, edits.get(0).params().getLong("message_id"));
      String argsScreen = edits.get(1).params().getString("text");
      assertTrue(argsScreen.startsWith("<b>Volume gainers</b> on all stocks"), argsScreen);
      JsonObject runButton = edits.get(1).params().getJsonObject("reply_markup").getJsonArray("inline_keyboard")
          .getJsonArray(0).getJsonObject(1);
      assertEquals("r|X:12:9:2.5", runButton.getString("callback_data"));
      for (var row : edits.get(1).params().getJsonObject("reply_markup").getJsonArray("inline_keyboard")) {
        for (Object b : (io.vertx.core.json.JsonArray) row) {
          assertTrue(((JsonObject) b).getString("callback_data").getBytes().length < 64);
        }
      }
      assertEquals(1, answers.size(), "the garbage callback was answered too");
      assertTrue(answers.get(0).params().getString("text").contains("not valid any more"));
      ctx.completeNow();
    })));
  }

  @Test
  void aUserPastTheirScansPerMinuteIsToldHowLongToWait(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject().put("scansPerUserPerMinute", 1)).compose(f -> {
      f.say(3, "/X_0_9 AAA");
      return f.texts(2).compose(t -> {
        f.say(3, "/X_0_9 AAA");
        return f.texts(3);
      });
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(2).startsWith("You have run 1 scans in the last minute. Please wait "), texts.get(2));
      ctx.completeNow();
    })));
  }

  @Test
  void aChatOutsideAllowedChatsMayNotScan(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject().put("allowedChats", new io.vertx.core.json.JsonArray().add("100"))).compose(f -> {
      f.say(3, "/scan X:0:9:AAA");
      return f.texts(1);
    }).onComplete(ctx.succeeding(texts -> ctx.verify(() -> {
      assertTrue(texts.get(0).startsWith("This chat may not run scans or watches. Ask the operator to add chat id"
          + " <code>3</code>"), texts.get(0));
      ctx.completeNow();
    })));
  }

  @Test
  void the429And5xxOfTheBotApiAreRiddenOutAndAFinalRefusalIsCountedNotFatal(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> {
      f.api.failNext("sendMessage", "5", 1, 429, 1);
      f.api.failNext("sendMessage", "5", 1, 502);
      f.say(5, "/help");
      return f.api.awaitCalls("sendMessage", 3, WAIT)
          .compose(calls -> f.statusWhen(s -> s.getLong("sent") >= 1))
          .compose(afterRetries -> {
            f.api.failNext("sendMessage", "5", 1, 403);
            f.say(5, "/help");
            return f.statusWhen(s -> s.getLong("reply_failures") >= 1).compose(afterRefusal -> {
              f.say(5, "/help");
              return f.statusWhen(s -> s.getLong("sent") >= 2).map(last -> List.of(afterRetries, last,
                  f.api.calls("sendMessage")));
            });
          });
    }).onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
      JsonObject afterRetries = (JsonObject) parts.get(0);
      JsonObject last = (JsonObject) parts.get(1);
      @SuppressWarnings("unchecked")
      List<BotApiServer.Call> calls = (List<BotApiServer.Call>) parts.get(2);
      assertEquals(List.of(429, 502, 200), calls.subList(0, 3).stream().map(BotApiServer.Call::status).toList());
      assertEquals(1, afterRetries.getLong("sent"));
      assertTrue(afterRetries.getJsonObject("client").getLong("retried") >= 2, afterRetries.encode());
      assertTrue(afterRetries.getJsonObject("client").getLong("rate_limited") >= 1, afterRetries.encode());
      assertEquals(1, last.getLong("reply_failures"), last.encode());
      assertEquals(2, last.getLong("sent"), "the bot answers again after a refused reply");
      assertFalse(last.encode().contains(BotFixture.TOKEN), "the token never appears in status");
      ctx.completeNow();
    })));
  }

  @Test
  void inAGroupACommandAddressedToAnotherBotIsLeftAlone(Vertx vertx, VertxTestContext ctx) {
    bot(vertx, new JsonObject()).compose(f -> f.statusWhen(s -> true).compose(s -> f.api.awaitCalls("getMe", 1, WAIT))
        .compose(me -> {
          f.say(5, "/help@SomeOtherBot");
          f.say(5, "/help@marketgate_test_bot");
          return f.texts(1).compose(t -> f.statusWhen(s -> s.getJsonObject("updates").getLong("received") >= 2)
              .map(s -> List.of(t, s)));
        }))
        .onComplete(ctx.succeeding(parts -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<String> texts = (List<String>) parts.get(0);
          JsonObject status = (JsonObject) parts.get(1);
          assertTrue(texts.get(0).startsWith("<b>Commands</b>"));
          assertEquals(1, status.getLong("commands"), status.encode());
          assertEquals(1, status.getJsonObject("updates").getLong("ignored"), status.encode());
          ctx.completeNow();
        })));
  }

  @Test
  void aRefusedWebhookRegistrationIsReportedInStatusAndTheBotStillStarts(Vertx vertx, VertxTestContext ctx) {
    BotFixture.start(vertx, dataDir, new JsonObject().put("webhookUrl", "https://bot.example/webhooks/telegram"),
            BotFixture.history(List.of("AAA"), List.of()), BotFixture.CLOSED,
            api -> api.failNext("setWebhook", null, 1, 400))
        .compose(f -> f.status())
        .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
          assertEquals("running", status.getString("state"));
          assertEquals("webhook", status.getString("mode"));
          assertFalse(status.getBoolean("webhook_registered"));
          assertTrue(status.getString("webhook_error").contains("setWebhook"), status.encode());
          ctx.completeNow();
        })));
  }
}
