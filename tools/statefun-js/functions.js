// test/counter and test/echo of the runtime's tests (TestFunctions in Java), and test/reminder,
// written with the official StateFun JavaScript SDK and served by Node's HTTP server on 127.0.0.1.
//   node functions.js [port]    (0 or none: a free port)
// Prints "listening on <port>" once it accepts requests; ends at once on SIGTERM.
"use strict";
const http = require("http");
const { StateFun, messageBuilder, egressMessageBuilder } = require("apache-flink-statefun");

const statefun = new StateFun();
const count = { name: "count", type: StateFun.intType() };

function report(context, text) {
  context.send(
    egressMessageBuilder({ typename: "test/out", value: text, valueType: StateFun.stringType() })
  );
}

// Adds one to the address's "count" and returns the new value.
function countOne(context) {
  const next = (context.storage.count || 0) + 1;
  context.storage.count = next;
  return next;
}

statefun.bind({
  typename: "test/counter",
  specs: [count],
  fn(context) {
    const next = countOne(context);
    report(context, `counter ${context.self.id} ${next}`);
    context.send(
      messageBuilder({
        typename: "test/echo",
        id: `e${context.self.id}`,
        value: next,
        valueType: StateFun.intType(),
      })
    );
  },
});

statefun.bind({
  typename: "test/echo",
  specs: [count],
  fn(context) {
    const next = countOne(context);
    report(context, `echo ${context.self.id} ${next}`);
  },
});

// test/reminder counts its messages. An odd count asks for a reminder in 8 s under a cancellation
// token, which the next message cancels; an even count asks for one in 10 s without a token. Once
// a key's last reminder has come, every reminder that was not cancelled came before it: delayed
// messages arrive in the order they are due.
statefun.bind({
  typename: "test/reminder",
  specs: [count],
  fn(context, message) {
    const id = context.self.id;
    if (message.isString()) {
      report(context, `reminder ${id} ${message.asString()}`);
      return;
    }
    const next = countOne(context);
    const reminder = messageBuilder({
      typename: "test/reminder",
      id,
      value: `${next}`,
      valueType: StateFun.stringType(),
    });
    if (next % 2 === 1) {
      context.sendAfter(8000, reminder, `odd-${id}-${next}`);
    } else {
      context.cancelDelayedMessage(`odd-${id}-${next - 1}`);
      context.sendAfter(10000, reminder);
    }
  },
});

const server = http.createServer(statefun.handler());
server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => {
  console.log(`listening on ${server.address().port}`);
});
// The tests stop it to see a server die: at once, with its open connections (server.close would
// wait for the runtime's keep-alive connections to go idle).
process.on("SIGTERM", () => process.exit(0));
