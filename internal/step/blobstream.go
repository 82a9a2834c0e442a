package step

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"

	dapr "github.com/dapr/go-sdk/client"
)

// PutBlobFrom writes a blob whose content write produces. Like PutBlob it sends the
// content base64-encoded, but it encodes as write goes, so the raw content is never
// held whole: a step that renders or encodes a large blob holds only its encoded form
// (sizeHint, the expected raw size, sizes that buffer once). A write error is returned
// as is and nothing is written.
func (s *Sidecar) PutBlobFrom(ctx context.Context, binding, name string, sizeHint int, write func(w io.Writer) error) error {
	buf := bytes.NewBuffer(make([]byte, 0, base64.StdEncoding.EncodedLen(max(sizeHint, 0))+4))
	enc := base64.NewEncoder(base64.StdEncoding, buf)
	if err := write(enc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := s.c.InvokeBinding(ctx, &dapr.InvokeBindingRequest{
		Name: binding, Operation: "create", Data: buf.Bytes(), Metadata: blobMeta(name)})
	if err != nil {
		return fmt.Errorf("create %s/%s: %w", binding, name, err)
	}
	return nil
}
