package step

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Main is the whole of an app's main function: Run until SIGINT or SIGTERM, and exit 1
// with the reason when Run fails.
func Main(appID string, defaultPort int, setup func(*App) (Wiring, error)) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, appID, defaultPort, os.Getenv, os.Stdout, setup)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// CheckSetup builds an app's wiring without a sidecar and checks it against the event
// catalog: each app's unit test calls it.
func CheckSetup(appID string, setup func(*App) (Wiring, error)) error {
	w, err := setup(&App{Config: Config{AppID: appID}})
	if err != nil {
		return err
	}
	_, err = Wire(appID, w)
	return err
}
