package testpipe

import (
	"context"
	"fmt"
	"sync"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
)

// AnnounceBlob publishes a blob.created event through inbox-watch's sidecar, as Event
// Grid would for a blob written to Azure Storage: the arrival path of the azurite
// profile, and the way a test sends intake events of any shape.
func (p *Pipeline) AnnounceBlob(ctx context.Context, ev blobevent.CloudEvent) error {
	c, err := p.eventClient()
	if err != nil {
		return err
	}
	return blobevent.Publish(ctx, c, events.PubSubOf(events.BlobCreated), events.BlobCreated, ev)
}

// PublishRaw publishes any bytes as a blob.created message through inbox-watch's
// sidecar, with the given content type: for tests of events in the wrong shape.
func (p *Pipeline) PublishRaw(ctx context.Context, data []byte, contentType string) error {
	c, err := p.eventClient()
	if err != nil {
		return err
	}
	return c.PublishEvent(ctx, events.PubSubOf(events.BlobCreated), events.BlobCreated, data,
		dapr.PublishEventWithContentType(contentType))
}

var clients sync.Map // *Pipeline -> dapr.Client

func (p *Pipeline) eventClient() (dapr.Client, error) {
	if c, ok := clients.Load(p); ok {
		return c.(dapr.Client), nil
	}
	a, ok := p.Runs[0].App(events.InboxWatch)
	if !ok {
		return nil, fmt.Errorf("no %s in the pipeline", events.InboxWatch)
	}
	c, err := dapr.NewClientWithAddress(fmt.Sprintf("%s:%d", p.hosts[0], a.GRPCPort))
	if err != nil {
		return nil, err
	}
	c.WithAuthToken(a.Tokens.Dapr)
	clients.Store(p, c)
	p.T.Cleanup(func() { clients.Delete(p); c.Close() })
	return c, nil
}
