"use strict";
// The app's HTTP surface, as in the Go apps: /healthz and /metrics open, every other
// route (the ones Dapr calls: /dapr/subscribe and each topic's route) behind the token the
// sidecar presents (APP_API_TOKEN, compared in constant time). The CloudEvent envelope is
// read here, before the SDK keeps only its data, so that the event id, type and trace
// reach the handler.

const crypto = require("node:crypto");
const http = require("node:http");
const express = require("express");

function tokenCheck(token) {
  const want = Buffer.from(token);
  return (req, res, next) => {
    const got = Buffer.from(req.get("dapr-api-token") ?? "");
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) {
      res.status(401).type("text/plain").send("missing or wrong dapr-api-token\n");
      return;
    }
    next();
  };
}

// callerCheck answers 403 to service invocation from another app's sidecar: Dapr names
// the calling app in dapr-caller-app-id (deliveries from the app's own sidecar carry none).
// The notifier serves no one (internal/events.Invocations names no caller; wiring_test.go
// keeps it so); Container Apps applies no Dapr access control, so the app checks itself.
function callerCheck(appId, callers = []) {
  return (req, res, next) => {
    const raw = req.headers["dapr-caller-app-id"];
    const ids = raw === undefined ? [] : String(raw).split(",").map((s) => s.trim());
    const foreign = ids.find((id) => id !== appId && !callers.includes(id));
    if (foreign !== undefined) {
      res.status(403).type("text/plain").send(`app ${foreign.slice(0, 64)} may not invoke ${appId}\n`);
      return;
    }
    next();
  };
}

// ENVELOPE is the request header the envelope travels in to the SDK's callback.
const ENVELOPE = "x-choreo-cloudevent";

function envelope(req, _res, next) {
  const b = req.body;
  if (b && typeof b === "object" && !Array.isArray(b) && "data" in b) {
    req.headers[ENVELOPE] = JSON.stringify({ id: b.id, type: b.type, topic: b.topic, traceparent: b.traceparent, time: b.time });
  }
  next();
}

// makeApp returns the express app the Dapr SDK serves on (DaprServer's serverHttp).
// host is where to listen (CHOREO_LISTEN_ADDR): the loopback by default, as the Go apps
// do, so that only the sidecar reaches the app; 0.0.0.0 in a container, where the
// platform's probes come to the replica's address. (The SDK's server would listen on
// every interface whatever it is told.)
function makeApp({ token, insecure, metrics, host = "127.0.0.1", appId = "notifier" }) {
  const app = express();
  app.disable("x-powered-by");
  app.listen = (port, ...rest) => http.createServer(app).listen(port, host, ...rest);
  app.get("/healthz", (_req, res) => res.status(200).end());
  // metrics() may be a promise (prom-client); a failure is express's 500, never a crash.
  app.get("/metrics", (_req, res, next) => Promise.resolve().then(metrics)
    .then((text) => res.type("text/plain; version=0.0.4").send(text), next));
  if (!insecure) app.use(tokenCheck(token));
  app.use(callerCheck(appId));
  app.use(express.json({ type: ["application/json", "application/cloudevents+json", "application/*+json"], limit: "4mb" }));
  app.use(envelope);
  return app;
}

module.exports = { makeApp, ENVELOPE, tokenCheck, callerCheck };
