package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// book is the dead-letter records (deadletter.Book) in the deadletters store.
func (in *intake) book() deadletter.Book {
	return deadletter.Book{State: daprstore.NewState(in.app.Sidecar, step.DeadLetters)}
}

// setStatus changes a record's status and appends to its audit trail; a missing record
// is not retried.
func (in *intake) setStatus(ctx context.Context, id, status string, a deadletter.Audit) error {
	err := in.book().SetStatus(ctx, id, status, a, time.Now())
	if errors.Is(err, deadletter.ErrNoRecord) {
		return step.Permanent(err)
	}
	return err
}
