"use strict";
// Spans, as the Go apps make them (internal/step/otel.go and span.go): one per
// delivery, named "notifier <topic>", a child of the span that delivered it (the
// sidecar's, from the request's traceparent header; the CloudEvent's when absent), so an
// order's or a file's journey stays one trace. Attributes are ids, the stage, the topic,
// the attempt and the outcome: never a customer's name or e-mail, never error text.
// Configured by the same variables as the Go apps: OTEL_EXPORTER_OTLP_ENDPOINT (or its
// _TRACES_ variant) names an OTLP receiver, reached over gRPC unless
// OTEL_EXPORTER_OTLP_PROTOCOL says http/protobuf; OTEL_SERVICE_NAME overrides the app
// id; OTEL_TRACES_EXPORTER=none exports nothing. Without an endpoint spans are still
// made, and nothing leaves the app or is printed.

const api = require("@opentelemetry/api");
const { W3CTraceContextPropagator } = require("@opentelemetry/core");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-base");

// SCOPE is the instrumentation scope of the notifier's spans.
const SCOPE = "@paychoreo/notifier";

// exporterFor builds the OTLP exporter for an endpoint given as a URL (http:// means no
// TLS) or as host:port (no TLS either), as the Go apps read it.
function exporterFor(endpoint, protocol = "grpc") {
  const url = endpoint.includes("://") ? endpoint : `http://${endpoint}`;
  if (protocol === "grpc") {
    const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-grpc");
    return new OTLPTraceExporter({ url });
  }
  if (protocol === "http/protobuf") {
    const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-proto");
    const path = url.replace(/\/+$/, "");
    return new OTLPTraceExporter({ url: path.endsWith("/v1/traces") ? path : `${path}/v1/traces` });
  }
  throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: want grpc or http/protobuf`);
}

// startTracing returns startSpan (for makeDeliver), flush, and shutdown, which flushes what is
// left for the app's exit. exporter replaces the OTLP exporter (tests).
function startTracing(appId, env, log, exporter) {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || "";
  const spanProcessors = [];
  if (exporter || (endpoint && env.OTEL_TRACES_EXPORTER !== "none")) {
    exporter ??= exporterFor(endpoint, env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || undefined);
    spanProcessors.push(new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 }));
    // An unreachable receiver is worth a warning, in the app's log like every other.
    const warn = (msg, ...rest) => log.warn("trace export failed", { error: [msg, ...rest].map(String).join(" ") });
    const quiet = () => {};
    api.diag.setLogger({ error: warn, warn: quiet, info: quiet, debug: quiet, verbose: quiet }, api.DiagLogLevel.ERROR);
    if (endpoint) log.info("exporting traces", { endpoint });
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME || appId }),
    sampler: new AlwaysOnSampler(), // every journey whole, as in the Go apps
    spanProcessors,
  });
  return { startSpan: spanStarter(provider.getTracer(SCOPE)), flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}

const propagator = new W3CTraceContextPropagator();

// spanStarter: startSpan(name, traceparent, attributes) starts a consumer span, a child
// of traceparent (a new trace when it is not a W3C traceparent); the returned set adds
// attributes, end(outcome) records the outcome and ends it.
function spanStarter(tracer) {
  return (name, traceparent, attributes) => {
    const parent = propagator.extract(api.ROOT_CONTEXT, { traceparent: traceparent || "" }, api.defaultTextMapGetter);
    const span = tracer.startSpan(name, { kind: api.SpanKind.CONSUMER, attributes }, parent);
    return {
      set: (attrs) => span.setAttributes(attrs),
      end: (outcome) => {
        span.setAttribute("choreo.outcome", outcome);
        if (outcome === "retry" || outcome === "dead_letter") span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome });
        span.end();
      },
    };
  };
}

module.exports = { startTracing, SCOPE };
