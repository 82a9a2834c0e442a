package step

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/paychoreo/choreography/internal/events"
)

// MaxMessageBytes bounds one gRPC call to the sidecar (state, events, listings of a
// large inbox). The sidecar's --max-body-size (dapr.yaml: maxBodySize) raises Dapr's 4 MB
// default to the same bound, for these and for blob bodies over HTTP (blobhttp.go): a
// large payment file in base64 must fit in one request.
const MaxMessageBytes = 256 << 20

// Sidecar is the app's typed view of its Dapr sidecar.
type Sidecar struct {
	c     dapr.Client
	blobs blobHTTP
	stage string // the app id, for the labels of the sidecar's own metrics
}

// Connect dials the sidecar's gRPC port; the SDK sends DAPR_API_TOKEN on every call.
// App and sidecar start together, so it keeps trying for up to a minute.
func Connect(ctx context.Context, cfg Config) (*Sidecar, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.DaprGRPCPort))
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := dapr.NewClientWithAddressContext(ctx, addr, grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(MaxMessageBytes), grpc.MaxCallSendMsgSize(MaxMessageBytes)))
		if err == nil {
			return &Sidecar{c: c, blobs: newBlobHTTP(cfg), stage: cfg.AppID}, nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return nil, fmt.Errorf("connect to sidecar at %s: %w", addr, err)
		}
	}
}

// Close releases the connection.
func (s *Sidecar) Close() { s.c.Close() }

// Publish sends an event with a deterministic CloudEvent id (file id + topic) so that a
// retried publish and every redelivery are recognisable as the same event. traceparent,
// when set, continues the file's trace.
func (s *Sidecar) Publish(ctx context.Context, topic, fileID, traceparent string, payload any) error {
	meta := map[string]string{
		"cloudevent.id":   events.EventID(fileID, topic),
		"cloudevent.type": events.Type(topic),
		// Brokers with their own duplicate detection (Azure Service Bus) key it on the
		// message id; the others ignore it.
		"MessageId": events.EventID(fileID, topic),
	}
	if traceparent != "" {
		// The CloudEvent's traceparent is set explicitly: Dapr would otherwise start a new
		// trace at each hop, and a file's journey must be one trace.
		child := outgoingTraceParent(ctx, traceparent)
		meta["cloudevent.traceparent"] = child
		ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", child)
	}
	if err := s.c.PublishEvent(ctx, events.PubSubOf(topic), topic, payload, dapr.PublishEventWithMetadata(meta)); err != nil {
		return fmt.Errorf("publish %s for %s: %w", topic, fileID, err)
	}
	return nil
}

// ErrNotFound is returned when a blob or state key does not exist.
var ErrNotFound = errors.New("step: not found")

// createBlob writes a small blob over gRPC and returns the binding's answer (Azure Blob:
// the blob's URL), which the HTTP API would hand back only as a body to parse.
func (s *Sidecar) createBlob(ctx context.Context, binding, name string, data []byte) ([]byte, error) {
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(data)))
	base64.StdEncoding.Encode(enc, data)
	out, err := s.c.InvokeBinding(ctx, &dapr.InvokeBindingRequest{
		Name: binding, Operation: "create", Data: enc, Metadata: blobMeta(name)})
	if err != nil {
		return nil, fmt.Errorf("create %s/%s: %w", binding, name, err)
	}
	if out == nil {
		return nil, nil
	}
	return out.Data, nil
}

// DeleteBlob removes a blob; a blob that is already gone counts as deleted, so that
// redelivered cleanups succeed.
func (s *Sidecar) DeleteBlob(ctx context.Context, binding, name string) error {
	meta := blobMeta(name)
	// Azure Blob: delete the blob with its snapshots. Without this the binding sends an
	// empty x-ms-delete-snapshots header, which Azurite refuses (400); localstorage
	// ignores it.
	meta["deleteSnapshots"] = "include"
	err := s.c.InvokeOutputBinding(ctx, &dapr.InvokeBindingRequest{
		Name: binding, Operation: "delete", Metadata: meta})
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("delete %s/%s: %w", binding, name, err)
	}
	return nil
}

// ListBlobs returns the names in a storage binding. Azure Blob lists objects with names;
// localstorage lists absolute paths: both are returned as they come, for listing.go to
// normalise.
func (s *Sidecar) listRaw(ctx context.Context, binding string) ([]byte, error) {
	out, err := s.c.InvokeBinding(ctx, &dapr.InvokeBindingRequest{Name: binding, Operation: "list"})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", binding, err)
	}
	if out == nil {
		return nil, nil
	}
	return out.Data, nil
}

func blobMeta(name string) map[string]string {
	// fileName for localstorage, blobName for Azure Blob Storage; each ignores the other.
	return map[string]string{"fileName": name, "blobName": name}
}

func isNotFound(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "not found") || strings.Contains(msg, "no such file") ||
		strings.Contains(msg, "blobnotfound") || strings.Contains(msg, "does not exist")
}

// decodeJSON is a small helper for typed reads.
func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }
