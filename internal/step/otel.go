package step

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// StartTracing installs the app's OpenTelemetry tracer provider. Every span is recorded
// (a file's journey is one trace, never sampled away: files are few and each matters);
// they leave the app only when OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ variant)
// names an OTLP receiver, over gRPC unless OTEL_EXPORTER_OTLP_PROTOCOL says
// http/protobuf. Without an endpoint no exporter runs and nothing is printed: spans
// still give published events a real parent, so the journey stays one trace.
// OTEL_SERVICE_NAME overrides the service name, the app id by default. The returned
// function flushes what is left, for the app's exit.
func StartTracing(ctx context.Context, appID string, getenv func(string) string, log *slog.Logger) (func(), error) {
	res, err := resource.New(ctx, resource.WithAttributes(attribute.String("service.name", serviceName(appID, getenv))))
	if err != nil {
		return nil, fmt.Errorf("tracing resource: %w", err)
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res), sdktrace.WithSampler(sdktrace.AlwaysSample())}
	endpoint := firstSet(getenv, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
	if endpoint != "" && getenv("OTEL_TRACES_EXPORTER") != "none" {
		exp, err := newExporter(ctx, endpoint, firstSet(getenv, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"))
		if err != nil {
			return nil, err
		}
		opts = append(opts, sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)))
		// An unreachable receiver is worth a warning, in the app's log like every other.
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("trace export failed", "error", err.Error()) }))
		log.Info("exporting traces", "endpoint", endpoint)
	}
	tp := sdktrace.NewTracerProvider(opts...)
	otel.SetTracerProvider(tp)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx) // best effort: the app is leaving
	}, nil
}

// newExporter builds the OTLP exporter for an endpoint given as a URL
// (http://host:4317; http means no TLS) or as host:port (no TLS either).
func newExporter(ctx context.Context, endpoint, protocol string) (sdktrace.SpanExporter, error) {
	var (
		exp sdktrace.SpanExporter
		err error
	)
	url := strings.Contains(endpoint, "://")
	switch protocol {
	case "", "grpc":
		opts := []otlptracegrpc.Option{otlptracegrpc.WithEndpoint(endpoint), otlptracegrpc.WithInsecure()}
		if url { // an http:// URL means no TLS, https:// TLS
			opts = []otlptracegrpc.Option{otlptracegrpc.WithEndpointURL(endpoint)}
		}
		exp, err = otlptracegrpc.New(ctx, opts...)
	case "http/protobuf":
		opts := []otlptracehttp.Option{otlptracehttp.WithEndpoint(endpoint), otlptracehttp.WithInsecure()}
		if url {
			path := strings.TrimSuffix(endpoint, "/")
			if !strings.HasSuffix(path, "/v1/traces") {
				path += "/v1/traces"
			}
			opts = []otlptracehttp.Option{otlptracehttp.WithEndpointURL(path)}
		}
		exp, err = otlptracehttp.New(ctx, opts...)
	default:
		return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%s: want grpc or http/protobuf", protocol)
	}
	if err != nil {
		return nil, fmt.Errorf("trace exporter for %s: %w", endpoint, err)
	}
	return exp, nil
}

func serviceName(appID string, getenv func(string) string) string {
	if s := getenv("OTEL_SERVICE_NAME"); s != "" {
		return s
	}
	return appID
}

func firstSet(getenv func(string) string, keys ...string) string {
	for _, k := range keys {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}
