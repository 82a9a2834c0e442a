package step

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Input is an input binding route: Dapr POSTs to /<binding name>.
type Input struct {
	Binding string
	Handler func(ctx context.Context, data []byte) error
}

// routes builds the app's HTTP surface: /healthz open, everything Dapr calls behind the
// token.
func routes(cfg Config, log *slog.Logger, l ledger, w Wiring) http.Handler {
	subs, inputs := w.Subscriptions, w.Inputs
	mux := http.NewServeMux()
	tries := &attempts{n: map[string]int{}}
	d := newDeliverer(l, NewHolder(cfg.AppPort))
	mux.HandleFunc("GET /dapr/subscribe", subscribeList(cfg, subs))
	for _, s := range subs {
		mux.Handle("POST "+s.route(), serveTopic(log, cfg.AppID, s, tries, d))
	}
	for _, in := range inputs {
		mux.Handle("/"+in.Binding, serveInput(log, in))
	}
	for _, m := range w.Methods {
		mux.Handle("POST /"+m.Name, serveMethod(log, m))
	}
	for _, rt := range w.Routes {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	h := requireCaller(cfg.AppID, log, mux)
	if !cfg.Insecure {
		h = requireToken(cfg.AppToken, h)
	}
	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	root.Handle("GET /metrics", metricsHandler()) // counts only, for Prometheus; no token
	addPprof(root)                                // CHOREO_PPROF=1 only
	for _, h := range w.Open {
		root.Handle(h.Pattern, h.Handler)
	}
	root.Handle("/", h)
	return root
}

// serveInput adapts an input binding route. Dapr probes it with OPTIONS at start; a
// non-2xx answer to a POST makes Dapr report the trigger as failed.
func serveInput(log *slog.Logger, in Input) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusOK)
			return
		}
		data, _ := io.ReadAll(r.Body)
		if err := in.Handler(r.Context(), data); err != nil {
			log.Warn("input binding failed", "binding", in.Binding, "error", err.Error())
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}
}

// maxHeaderBytes bounds a request's headers: the sidecar sends a few short ones. Beyond
// it the server answers 431 before any handler runs.
const maxHeaderBytes = 64 << 10

func newServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: maxHeaderBytes}
}

// serve runs the HTTP server until ctx ends, then shuts it down gracefully so that
// in-flight deliveries finish (and are acked) before the app exits.
func serve(ctx context.Context, cfg Config, h http.Handler) error {
	addr := net.JoinHostPort(cfg.ListenAddr, strconv.Itoa(cfg.AppPort))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (APP_PORT, CHOREO_LISTEN_ADDR): %w", addr, err)
	}
	srv := newServer(h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
