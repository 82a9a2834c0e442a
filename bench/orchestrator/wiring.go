package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/dapr/durabletask-go/workflow"
	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/creation"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/store/daprstore"
	"github.com/paychoreo/choreography/internal/validation"
)

const appID = "orchestrator"

type orchestrator struct {
	app *step.App
	wf  *workflow.Client
	// downstream is the simulated downstream call of arrival and of each step, by name.
	downstream map[string]*step.Downstream
	rules      *validation.Rules // the validator's
	creator    *creation.Creator
	staging    store.Blobs
}

// setup registers the workflow and its activities, starts the workflow worker on the
// sidecar, and subscribes to the blob-created events.
func setup(ctx context.Context) func(*step.App) (step.Wiring, error) {
	return func(app *step.App) (step.Wiring, error) {
		down, err := downstreams(os.Getenv)
		if err != nil {
			return step.Wiring{}, err
		}
		maxBytes, err := validation.MaxBytesFrom(os.Getenv)
		if err != nil {
			return step.Wiring{}, err
		}
		o := &orchestrator{app: app, downstream: down, rules: &validation.Rules{
			State:    daprstore.NewState(app.Sidecar, step.AppState),
			Refdata:  daprstore.NewState(app.Sidecar, step.RefData),
			Inbox:    daprstore.NewBlobs(app.Sidecar, step.Inbox),
			MaxBytes: maxBytes, KeepFor: step.KeepFor,
		}, staging: daprstore.NewBlobs(app.Sidecar, step.Staging), creator: &creation.Creator{
			State:   daprstore.NewState(app.Sidecar, step.AppState),
			Staging: daprstore.NewBlobs(app.Sidecar, step.Staging),
			Outbox:  daprstore.NewBlobs(app.Sidecar, step.Outbox),
			KeepFor: step.KeepFor,
		}}
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
		app.Log.Info("simulated downstream", "setting", down["validate"].String(), "pool", os.Getenv(poolEnv))
		return step.Wiring{
			Routes: []step.Route{{Pattern: "POST " + arrivalRoute, Handler: http.HandlerFunc(o.onBlobCreated)}},
			// The step library answers GET /dapr/subscribe from step.Subscriptions (none
			// here); this more specific route on the open mux answers it first, with its
			// own token check.
			Open: []step.Route{{Pattern: "GET /dapr/subscribe", Handler: subscriptions(app.Config.AppToken)}},
		}, nil
	}
}

// poolEnv says how the orchestrator's simulated downstream calls share connections:
// "step" (default) gives each step (arrival, validate, adapt, create) its own
// CHOREO_BENCH_DOWNSTREAM_SLOTS, as each of the choreography's apps has its own; so a
// replica set of either variant reaches the downstream over the same number of
// connections. "process" makes the four steps share one pool per orchestrator process.
const poolEnv = "CHOREO_BENCH_DOWNSTREAM_POOL"

// downstreams are the simulated downstream calls of arrival and the three steps
// (step.SimulatedDownstream in the choreography's apps). An invalid setting stops the
// app at start.
func downstreams(getenv func(string) string) (map[string]*step.Downstream, error) {
	out := map[string]*step.Downstream{}
	var shared *step.Downstream
	for _, s := range []string{"arrival", "validate", "adapt", "create"} {
		d, err := step.ParseDownstream(getenv)
		if err != nil {
			return nil, err
		}
		switch getenv(poolEnv) {
		case "", "step":
		case "process":
			if shared == nil {
				shared = d
			}
			d = shared
		default:
			return nil, fmt.Errorf("%s=%q: want step or process", poolEnv, getenv(poolEnv))
		}
		out[s] = d
	}
	return out, nil
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
