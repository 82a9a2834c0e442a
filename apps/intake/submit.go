package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paychoreo/choreography/internal/step"
)

type submitRequest struct {
	Name    string `json:"name"`
	Content []byte `json:"content"` // base64 in JSON
}

type submitAnswer struct {
	FileID string `json:"file_id"`
	Blob   string `json:"blob"`
	SHA256 string `json:"sha256"`
}

// submit takes a File A from `choreo submit` (through Dapr service invocation) and puts
// it into File A Storage. The claim is taken before the blob is written, so no scan can
// read it half-written, and the file is announced at once; the answer names its file id
// so the caller can follow it.
func (in *intake) submit(ctx context.Context, body []byte) (any, error) {
	var req submitRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Name == "" {
		return nil, fmt.Errorf("%w: want {\"name\": ..., \"content\": base64}", step.ErrBadRequest)
	}
	c, err := in.claimContent(ctx, req.Name, req.Content)
	if err != nil {
		return nil, err
	}
	if c.FileID == "" {
		return nil, fmt.Errorf("%w: a file named %q is already in the inbox", step.ErrBadRequest, req.Name)
	}
	if err := in.app.Sidecar.PutBlob(ctx, step.Inbox, req.Name, req.Content); err != nil {
		return nil, err
	}
	if err := in.announce(ctx, c); err != nil {
		return nil, err
	}
	return submitAnswer{FileID: c.FileID, Blob: c.Blob, SHA256: c.SHA256}, nil
}
