package step

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
)

func startTracingWith(t *testing.T, env map[string]string) (*bytes.Buffer, error) {
	t.Helper()
	prev := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	var log bytes.Buffer
	stop, err := StartTracing(context.Background(), "validator", func(k string) string { return env[k] }, slog.New(slog.NewTextHandler(&log, nil)))
	if err == nil {
		t.Cleanup(stop)
	}
	return &log, err
}

// With no endpoint nothing is exported or printed, yet spans are real: published events
// name a span of the app.
func TestTracingWithoutEndpointIsQuietButReal(t *testing.T) {
	log, err := startTracingWith(t, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	_, span := tracer().Start(context.Background(), "validate")
	defer span.End()
	if !span.IsRecording() || !span.SpanContext().IsSampled() {
		t.Error("spans are not recorded and sampled without an endpoint")
	}
	if log.Len() != 0 {
		t.Errorf("printed without an endpoint: %s", log)
	}
}

func TestTracingEndpointAndProtocol(t *testing.T) {
	log, err := startTracingWith(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317"})
	if err != nil || !strings.Contains(log.String(), "exporting traces") {
		t.Errorf("with an endpoint: %v, log %q", err, log)
	}
	if _, err := startTracingWith(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"}); err != nil {
		t.Errorf("http/protobuf: %v", err)
	}
	if _, err := startTracingWith(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}); err == nil {
		t.Error("http/json accepted: the SDK has no exporter for it")
	}
	if log, _ := startTracingWith(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317",
		"OTEL_TRACES_EXPORTER": "none"}); log.Len() != 0 {
		t.Errorf("OTEL_TRACES_EXPORTER=none still exports: %s", log)
	}
}
