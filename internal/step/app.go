package step

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// App is what a step's setup function gets: its configuration, logger and sidecar.
type App struct {
	Config  Config
	Log     *slog.Logger
	Sidecar *Sidecar
}

// Wiring is what a step contributes: its subscriptions and input bindings.
type Wiring struct {
	Subscriptions []Subscription
	Inputs        []Input
	Methods       []Method
	// Routes are an app's own HTTP API behind Dapr's token, like Methods but with any
	// method, path and status (the order API's POST /orders, GET /orders/{id}).
	Routes []Route
	// Open routes are served without Dapr's token: read-only pages and APIs for people,
	// such as the tracker's status page. Put them behind the bank's own access control.
	Open []Route
}

// Route is an HTTP pattern (net/http ServeMux syntax) and its handler.
type Route struct {
	Pattern string
	Handler http.Handler
}

// Run is the whole life of an app: load config, connect to the sidecar, serve Dapr's
// calls until ctx ends. Each app's main is one call to Run.
func Run(ctx context.Context, appID string, defaultPort int, getenv func(string) string,
	stdout io.Writer, setup func(*App) (Wiring, error)) error {
	cfg, err := LoadConfig(appID, defaultPort, getenv)
	if err != nil {
		return fmt.Errorf("%s: configuration: %w", appID, err)
	}
	log := NewLogger(stdout, appID, cfg.LogLevel)
	if cfg.Insecure {
		log.Warn("running without API tokens (CHOREO_INSECURE=true): anything on this host can call the app")
	}
	stopTracing, err := StartTracing(ctx, appID, getenv, log)
	if err != nil {
		return fmt.Errorf("%s: %w", appID, err)
	}
	defer stopTracing()
	sc, err := Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer sc.Close()
	app := &App{Config: cfg, Log: log, Sidecar: sc}
	w, err := setup(app)
	if err != nil {
		return fmt.Errorf("%s: setup: %w", appID, err)
	}
	if w, err = Wire(appID, w); err != nil {
		return err
	}
	log.Info("serving", "port", cfg.AppPort, "subscriptions", len(w.Subscriptions), "inputs", len(w.Inputs))
	return serve(ctx, cfg, routes(cfg, log, stateLedger{sc: sc, app: appID}, w))
}
