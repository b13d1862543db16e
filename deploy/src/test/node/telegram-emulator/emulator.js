// Starts telegram-test-api on 127.0.0.1:<port> (argv[2]) and prints "READY <port>" when it listens.
// Exits when stdin closes, so the emulator never outlives the JVM test that started it.
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });

function stop() {
  server.stop().finally(() => process.exit(0));
}

server.start().then(() => {
  console.log(`READY ${port}`);
}, (error) => {
  console.error(`emulator failed to start: ${error}`);
  process.exit(1);
});
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
