package step

import (
	"context"

	"github.com/paychoreo/choreography/internal/events"
)

// Failed decodes the file.failed event a step's compensation handler receives. When this
// app is the stage that failed, the event it died on is marked handled first, so that a
// late redelivery of it can never resurrect the file being undone.
func (a *App) Failed(ctx context.Context, m Message) (events.Failed, error) {
	var ev events.Failed
	if err := m.Decode(&ev); err != nil {
		return ev, err
	}
	if ev.Stage == a.Config.AppID {
		if err := a.Sidecar.MarkHandled(ctx, ev.Topic, ev.EventID); err != nil {
			return ev, err
		}
	}
	return ev, nil
}
