package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// defaultMaxFileBytes rejects larger files unread. A 100,000-payment file is about 15 MB.
const defaultMaxFileBytes = 64 << 20

func setup(app *step.App) (step.Wiring, error) {
	v := &validator{app: app, maxBytes: defaultMaxFileBytes}
	if s := os.Getenv("CHOREO_MAX_FILE_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return step.Wiring{}, fmt.Errorf("CHOREO_MAX_FILE_BYTES=%q is not a positive number of bytes", s)
		}
		v.maxBytes = n
	}
	return step.Wiring{Subscriptions: []step.Subscription{
		{Topic: events.FileReceived, Handler: v.onReceived},
		{Topic: events.FileFailed, Handler: v.onFailed},
	}}, nil
}
