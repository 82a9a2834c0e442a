package step

import (
	"errors"
	"fmt"
)

// A handler returns nil when the message is done (including a business rejection, which
// is an outcome, not a failure), a plain error for a technical failure that may pass
// (retried by the resiliency policy, then dead-lettered), or Permanent(err) for a message
// that can never succeed (dead-lettered at once). This file and status() are the only
// places that know how Dapr spells those.

type permanentError struct{ err error }

func (p permanentError) Error() string { return "permanent: " + p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Permanent marks err as one that retrying cannot fix.
func Permanent(err error) error { return permanentError{err} }

// Permanentf is Permanent(fmt.Errorf(...)).
func Permanentf(format string, args ...any) error { return Permanent(fmt.Errorf(format, args...)) }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Dapr's subscription response statuses.
const (
	statusSuccess = "SUCCESS"
	statusRetry   = "RETRY"
	statusDrop    = "DROP"
)

// status maps a handler's result to Dapr's status: SUCCESS acks, RETRY hands the message
// to the inbound retry policy, DROP sends it to the subscription's dead-letter topic.
func status(err error) string {
	switch {
	case err == nil:
		return statusSuccess
	case IsPermanent(err):
		return statusDrop
	default:
		return statusRetry
	}
}

// Outcome names a result for logs and metrics.
func Outcome(err error) string {
	switch status(err) {
	case statusSuccess:
		return "done"
	case statusDrop:
		return "dead_letter"
	default:
		return "retry"
	}
}
