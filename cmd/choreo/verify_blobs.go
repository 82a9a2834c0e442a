package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	dapr "github.com/dapr/go-sdk/client"
)

// grpcBlobs reads blobs through a sidecar's storage bindings over gRPC, for
// evidence.OnSidecar. choreo verify only reads: a write is refused here.
type grpcBlobs struct{ c dapr.Client }

var errBlobNotFound = errors.New("blob not found")

func (g grpcBlobs) GetBlob(ctx context.Context, binding, name string) ([]byte, error) {
	out, err := g.c.InvokeBinding(ctx, &dapr.InvokeBindingRequest{Name: binding, Operation: "get",
		// fileName for localstorage, blobName for Azure Blob Storage; each ignores the other.
		Metadata: map[string]string{"fileName": name, "blobName": name}})
	if err != nil {
		if blobMissing(err) {
			return nil, fmt.Errorf("get %s/%s: %w", binding, name, errBlobNotFound)
		}
		return nil, fmt.Errorf("get %s/%s: %w", binding, name, err)
	}
	if out == nil {
		return nil, nil
	}
	return out.Data, nil
}

func (g grpcBlobs) PutBlob(_ context.Context, binding, name string, _ []byte) error {
	return fmt.Errorf("put %s/%s: choreo writes no blobs here", binding, name)
}

// blobMissing recognises a binding's answer for a blob that is not there: localstorage
// says "no such file", Azure Blob Storage "BlobNotFound" (as internal/step reads them).
func blobMissing(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "not found") || strings.Contains(msg, "no such file") ||
		strings.Contains(msg, "blobnotfound") || strings.Contains(msg, "does not exist")
}
