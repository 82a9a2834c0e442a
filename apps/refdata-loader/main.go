// refdata-loader applies the reference table file (refdata/sample.json) to the refdata
// state store through its own sidecar, once, and exits: so that `dapr run -f .` (which
// runs nothing but dapr.yaml) starts with the senders the samples need, as `make run`
// does. It uses the same versioned change as `choreo refdata load` (internal/refdata
// Keeper.Apply): a table already loaded is left as it is, with no new version; a changed
// file becomes the next version, by refdata-loader.
//
// It listens on no port (dapr.yaml gives it no appPort): the Dapr CLI and bin/launch run
// it as a job; bin/launch counts it ready once it exited with status 0. In Azure it does
// not run (deploy/aca.go notInAzure): there people apply tables with `choreo refdata`.
//
// CHOREO_REFDATA_FILE is the file (default ../../refdata/sample.json, relative to the
// app's folder); DAPR_HTTP_PORT, DAPR_GRPC_PORT and DAPR_API_TOKEN reach the sidecar.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/daprstore"
	"github.com/paychoreo/choreography/internal/step"
)

// sidecarWait bounds the wait for the sidecar's components (a slow Redis, a cold start).
const sidecarWait = 60 * time.Second

func main() {
	log := step.NewLogger(os.Stdout, refdata.LoaderApp, os.Getenv("LOG_LEVEL"))
	if err := run(context.Background(), os.Getenv, log); err != nil {
		log.Error("reference table not loaded: files will be rejected UNKNOWN_SENDER until it is",
			"error", err.Error(), "outcome", "error")
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, log *slog.Logger) error {
	path := or(getenv("CHOREO_REFDATA_FILE"), "../../refdata/sample.json")
	table, err := readTable(path)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sidecarWait)
	defer cancel()
	if err := awaitSidecar(ctx, or(getenv("DAPR_HTTP_PORT"), "3500")); err != nil {
		return err
	}
	dapr.SetLogger(nil)
	c, err := dapr.NewClientWithAddressContext(ctx, "127.0.0.1:"+or(getenv("DAPR_GRPC_PORT"), "50001"),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(step.MaxMessageBytes)))
	if err != nil {
		return fmt.Errorf("connect to the sidecar: %w", err)
	}
	defer c.Close()
	k := &refdata.Keeper{Store: daprstore.New(c)}
	v, _, err := k.Apply(ctx, table, refdata.Meta{By: refdata.LoaderApp, Note: "load at start from " + filepath.Base(path)})
	if err != nil {
		return fmt.Errorf("apply %s: %w", path, err)
	}
	if v != nil {
		log.Info("reference table loaded", "version", v.Version, "summary", v.Summary, "senders", len(table.Senders), "outcome", "changed")
		return nil
	}
	head, _, err := k.Loaded(ctx)
	if err != nil {
		return err
	}
	log.Info("reference table already loaded", "version", head.Version, "outcome", "unchanged")
	return nil
}

// readTable reads the table file; a refused one names the file.
func readTable(path string) (*refdata.Table, error) {
	t, err := refdata.ReadFile(path)
	var refusal *refdata.Refusal
	if errors.As(err, &refusal) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, err
}

// awaitSidecar waits until the sidecar's components are loaded (its outbound health),
// which bin/launch and the Dapr CLI do not wait for before they start the app.
func awaitSidecar(ctx context.Context, httpPort string) error {
	url := "http://127.0.0.1:" + httpPort + "/v1.0/healthz/outbound"
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the sidecar (%s) was not ready within %s", url, sidecarWait)
		case <-tick.C:
		}
	}
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
