// test/counter and test/echo of the runtime's tests (TestFunctions in Java), written with the
// official StateFun JavaScript SDK and served by Node's HTTP server on 127.0.0.1.
//   node functions.js [port]    (0 or none: a free port)
// Prints "listening on <port>" once it accepts requests; stops on SIGTERM.
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

statefun.bind({
  typename: "test/counter",
  specs: [count],
  fn(context) {
    const next = (context.storage.count || 0) + 1;
    context.storage.count = next;
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
    const next = (context.storage.count || 0) + 1;
    context.storage.count = next;
    report(context, `echo ${context.self.id} ${next}`);
  },
});

const server = http.createServer(statefun.handler());
server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => {
  console.log(`listening on ${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
