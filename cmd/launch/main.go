// Command launch runs the apps of a Multi-App Run file (dapr.yaml) with their daprd
// sidecars, as `dapr run -f .` does, for machines without the Dapr CLI.
//
//	launch [-f dapr.yaml] [--daprd PATH] [--port-offset N] [--resources-path DIR]...
//
// --resources-path replaces the file's resourcesPaths for every app: the component
// profile (components/local, components/azurite, components/rabbitmq).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/runfile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, failure(err))
		stop()
		os.Exit(1)
	}
}

// failure is the line a failed run prints: "launch: <why>", once, whether or not the
// error came from internal/launch, whose errors carry the prefix already.
func failure(err error) string { return "launch: " + strings.TrimPrefix(err.Error(), "launch: ") }

// run starts everything, then blocks until ctx ends (a signal: stop all, nil) or a
// process dies (stop the rest, return why).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("launch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", runfile.DefaultName, "the Multi-App Run file, or a folder holding dapr.yaml")
	daprd := fs.String("daprd", "", "daprd binary (default: $DAPRD, ~/.dapr/bin/daprd, then <run file's folder>/bin/daprd)")
	offset := fs.Int("port-offset", 0, "added to every port of the file, to run beside another run")
	var resources []string
	fs.Func("resources-path", "components folder for every app, instead of the file's resourcesPaths (repeatable)", func(v string) error {
		abs, err := filepath.Abs(v)
		if err != nil {
			return err
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			return fmt.Errorf("no folder %s", v)
		}
		resources = append(resources, abs)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	f, err := runfile.Load(*file)
	if err != nil {
		return err
	}
	r, err := launch.Start(ctx, f, launch.Options{DaprdPath: *daprd, PortOffset: *offset, ResourcesPaths: resources, LogWriter: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, summary(r.Apps()))
	err = r.Wait()
	// Stop is idempotent: after a signal Start's own watcher has already called it.
	return errors.Join(err, r.Stop())
}

// summary is the one line that says the run is up, e.g.
// "launch: 4 apps healthy: intake(:7001, dapr :3501) ...".
func summary(apps []launch.AppInfo) string {
	parts := make([]string, 0, len(apps))
	for _, a := range apps {
		app := fmt.Sprintf(":%d", a.AppPort)
		if a.AppPort == 0 { // a job, which has finished (internal/launch: proc.job)
			app = "done"
		}
		parts = append(parts, fmt.Sprintf("%s(%s, dapr :%d)", a.ID, app, a.HTTPPort))
	}
	return fmt.Sprintf("launch: %d apps healthy: %s", len(apps), strings.Join(parts, " "))
}
