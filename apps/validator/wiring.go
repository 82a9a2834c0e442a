package main

import (
	"os"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/onevent"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
	"github.com/paychoreo/choreography/internal/validation"
)

type validator struct {
	app   *step.App
	rules *validation.Rules
}

func setup(app *step.App) (step.Wiring, error) {
	maxBytes, err := validation.MaxBytesFrom(os.Getenv)
	if err != nil {
		return step.Wiring{}, err
	}
	v := &validator{app: app, rules: &validation.Rules{
		State:    daprstore.NewState(app.Sidecar, step.AppState),
		Refdata:  daprstore.NewState(app.Sidecar, step.RefData),
		Inbox:    daprstore.NewBlobs(app.Sidecar, step.Inbox),
		MaxBytes: maxBytes, KeepFor: step.KeepFor, Work: step.Work,
	}}
	return onevent.Step(app, events.FileReceived, v.onReceived, v.undo), nil
}
