package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/dapr/durabletask-go/workflow"
	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/step"
)

const appID = "orchestrator"

// setup registers the workflow and its activities, starts the workflow worker on the
// sidecar, and wires the inbox scan.
func setup(ctx context.Context) func(*step.App) (step.Wiring, error) {
	return func(app *step.App) (step.Wiring, error) {
		o := &orchestrator{app: app, lister: step.NewLister(app.Sidecar)}
		reg := workflow.NewRegistry()
		if err := reg.AddWorkflowN("pipeline", o.pipeline); err != nil {
			return step.Wiring{}, err
		}
		for name, a := range map[string]workflow.Activity{
			"validate": o.validate, "adapt": o.adapt, "create": o.create, "release": o.release,
		} {
			if err := reg.AddActivityN(name, a); err != nil {
				return step.Wiring{}, err
			}
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(app.Config.DaprGRPCPort))
		dc, err := dapr.NewClientWithAddressContext(ctx, addr) // sends DAPR_API_TOKEN
		if err != nil {
			return step.Wiring{}, fmt.Errorf("workflow client: %w", err)
		}
		o.wf = workflow.NewClient(dc.GrpcClientConn())
		go o.work(ctx, reg)
		return step.Wiring{Inputs: []step.Input{{Binding: step.ScanCron, Handler: o.scan}}}, nil
	}
}

// work keeps the workflow worker connected to the sidecar until ctx ends.
func (o *orchestrator) work(ctx context.Context, reg *workflow.Registry) {
	for ctx.Err() == nil {
		if err := o.wf.StartWorker(ctx, reg); err != nil {
			o.app.Log.Warn("workflow worker", "error", err.Error())
			time.Sleep(500 * time.Millisecond)
			continue
		}
		<-ctx.Done()
	}
}
