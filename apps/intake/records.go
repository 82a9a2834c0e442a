package main

import (
	"errors"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// permanent maps the keeper's one error no retry can mend, a record that is not there
// (deadletter.ErrNoRecord), to a delivery that is not retried.
func permanent(err error) error {
	if errors.Is(err, deadletter.ErrNoRecord) {
		return step.Permanent(err)
	}
	return err
}
