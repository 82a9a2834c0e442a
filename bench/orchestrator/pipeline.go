package main

import (
	"errors"
	"strings"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// The activities' results: the same facts the choreography's events carry.
type (
	validated struct {
		Accepted bool
		Event    events.Validated
		Rejected events.Rejected
	}
	moveRequest struct {
		Ref     events.FileRef
		Binding string // step.Archive or step.Rejected
	}
)

// retry is the choreography's inbound delivery policy (components/local/resiliency.yaml):
// 5 retries, exponential from 1 s by 1.5, at most 8 s; a permanent failure is not retried.
var retry = &workflow.RetryPolicy{
	MaxAttempts: 6, InitialRetryInterval: time.Second, BackoffCoefficient: 1.5, MaxRetryInterval: 8 * time.Second,
	Handle: func(err error) bool { return !strings.Contains(err.Error(), "permanent: ") },
}

// pipeline is the whole journey of one file: the orchestrator decides every next step.
func (o *orchestrator) pipeline(ctx *workflow.WorkflowContext) (any, error) {
	var in events.Received
	if err := ctx.GetInput(&in); err != nil {
		return nil, err
	}
	call := func(activity string, input, out any) error {
		return ctx.CallActivity(activity, workflow.WithActivityInput(input), workflow.WithActivityRetryPolicy(retry)).Await(out)
	}
	var v validated
	if err := call("validate", in, &v); err != nil {
		return nil, err
	}
	if !v.Accepted {
		return "rejected", call("release", moveRequest{Ref: in.FileRef, Binding: step.Rejected}, nil)
	}
	var a events.Adapted
	if err := call("adapt", v.Event, &a); err != nil {
		return nil, err
	}
	var c events.Created
	if err := call("create", a, &c); err != nil {
		return nil, err
	}
	if err := call("release", moveRequest{Ref: in.FileRef, Binding: step.Archive}, nil); err != nil {
		return nil, err
	}
	if c.FileB == "" {
		return nil, errors.New("create returned no file b")
	}
	return c.FileB, nil
}
