"use strict";
// notifier tells people what happened, in words: every final outcome of a payment file
// (file.created, file.rejected) and of an order (order.confirmed, order.cancelled)
// becomes a text file in the notifications binding (data/notifications/). It is a step
// written in JavaScript on Node.js with Dapr's JavaScript SDK, held to the same rules as
// the Go steps: the API token on every route, idempotent (handled event ids in its state
// store), every payload validated against its contract (contracts/<topic>.v1.schema.json),
// dead letters on failure, JSON logs with the same keys.
//
// Consumes: file.created, file.rejected (pubsub), order.confirmed, order.cancelled
// (orders). Publishes: nothing; its sidecar dead-letters to deadletter.notifier and
// deadletter.orders.notifier.
// Never: writes a notification for an event that breaks its contract, or twice.

const net = require("node:net");
const { FILE_TOPICS, ORDER_TOPICS } = require("./lib/notices");

const APP_ID = "notifier";
const BINDING = "notifications";
// The catalog (internal/events) names each topic's component and each consumer's
// dead-letter topic; the wiring test (apps/notifier/wiring_test.go) keeps these equal.
const SUBSCRIPTIONS = [
  ...FILE_TOPICS.map((topic) => ({ pubsub: "pubsub", topic, deadLetterTopic: "deadletter.notifier" })),
  ...ORDER_TOPICS.map((topic) => ({ pubsub: "orders", topic, deadLetterTopic: "deadletter.orders.notifier" })),
];

function config(env) {
  const c = {
    appPort: env.APP_PORT || "7010",
    // As internal/step: the loopback unless the container says 0.0.0.0.
    listenAddr: (env.CHOREO_LISTEN_ADDR || "").trim() || "127.0.0.1",
    daprHTTPPort: env.DAPR_HTTP_PORT || "3500",
    appToken: env.APP_API_TOKEN || "",
    daprToken: env.DAPR_API_TOKEN || "",
    insecure: env.CHOREO_INSECURE === "true",
    logLevel: env.LOG_LEVEL || "info",
  };
  if (net.isIP(c.listenAddr) === 0) {
    throw new Error(`CHOREO_LISTEN_ADDR=${JSON.stringify(c.listenAddr)} is not an IP address ` +
      "(127.0.0.1: the sidecar only; 0.0.0.0: every interface, as in a container)");
  }
  if (!c.insecure && (!c.appToken || !c.daprToken)) {
    throw new Error("APP_API_TOKEN and DAPR_API_TOKEN must be set so that the app and its sidecar " +
      "authenticate each other; CHOREO_INSECURE=true runs without them");
  }
  return c;
}

async function main() {
  if (process.argv.includes("--subscriptions")) { // for the wiring test
    process.stdout.write(JSON.stringify(SUBSCRIPTIONS) + "\n");
    return;
  }
  // Required here, not above: --subscriptions answers without the npm packages installed.
  const { DaprServer, DaprClient, CommunicationProtocolEnum, LogLevel } = require("@dapr/dapr");
  const { logger } = require("./lib/log");
  const { loadContracts } = require("./lib/contracts");
  const { makeDeliver } = require("./lib/deliver");
  const { makeApp, ENVELOPE } = require("./lib/http");
  const { makeLedger } = require("./lib/ledger");
  const { makeMetrics } = require("./lib/metrics");
  const { startTracing } = require("./lib/tracing");
  const cfg = config(process.env);
  const log = logger(APP_ID, cfg.logLevel);
  if (cfg.insecure) log.warn("running without API tokens (CHOREO_INSECURE=true): anything on this host can call the app");
  const metrics = makeMetrics();
  const tracing = startTracing(APP_ID, process.env, log);
  const validate = loadContracts(SUBSCRIPTIONS.map((s) => s.topic));
  // The SDK's own messages, warnings and errors only, as JSON lines like ours.
  const sdkLog = (level) => (msg, ...rest) => log[level]("dapr sdk", { detail: [msg, ...rest].map(String).join(" ") });
  const sdkLogger = { level: LogLevel.Warn, service: { error: sdkLog("error"), warn: sdkLog("warn"), info: sdkLog("info"),
    verbose: sdkLog("debug"), debug: sdkLog("debug") } };
  const clientOptions = { daprHost: "127.0.0.1", daprPort: cfg.daprHTTPPort, daprApiToken: cfg.daprToken || undefined,
    communicationProtocol: CommunicationProtocolEnum.HTTP, logger: sdkLogger };
  const server = new DaprServer({
    serverHost: cfg.listenAddr, serverPort: cfg.appPort, communicationProtocol: CommunicationProtocolEnum.HTTP,
    serverHttp: makeApp({ token: cfg.appToken, insecure: cfg.insecure, metrics: metrics.text, host: cfg.listenAddr, appId: APP_ID }),
    clientOptions, logger: sdkLogger,
  });
  const client = new DaprClient(clientOptions);
  const deliver = makeDeliver({
    ledger: makeLedger(client),
    // localstorage decodes base64 (and would unquote text that looks like a Go string
    // literal): send base64 so the text is stored exactly as written.
    write: (name, text) => client.binding.send(BINDING, "create", Buffer.from(text, "utf8").toString("base64"), { fileName: name }),
    validate, log, count: metrics.count, startSpan: tracing.startSpan,
  });
  for (const s of SUBSCRIPTIONS) {
    await server.pubsub.subscribeWithOptions(s.pubsub, s.topic, {
      deadLetterTopic: s.deadLetterTopic,
      callback: async (data, headers) => {
        let ce = {};
        try { ce = JSON.parse(headers[ENVELOPE] ?? "{}"); } catch { /* an envelope without id: dropped below */ }
        if (!ce.id) {
          log.warn("delivery failed", { topic: s.topic, stage: APP_ID, outcome: "dead_letter", error: "not a CloudEvent" });
          return "DROP";
        }
        // The sidecar's span of this delivery is the parent, as for the Go apps.
        return deliver(s.topic, { ...ce, data }, headers.traceparent || ce.traceparent);
      },
    });
  }
  await server.start();
  log.info("serving", { port: Number(cfg.appPort), subscriptions: SUBSCRIPTIONS.length });
  const stop = async () => {
    await server.stop().catch(() => {});
    await tracing.shutdown().catch(() => {}); // the last spans, best effort
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  process.stderr.write(`notifier: ${err?.stack ?? err}\n`);
  process.exit(1);
});
