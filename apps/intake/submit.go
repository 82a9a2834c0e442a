package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paychoreo/choreography/internal/custody"
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
// it into File A Storage, announced at once; the answer names its file id so the caller
// can follow it.
func (in *intake) submit(ctx context.Context, body []byte) (any, error) {
	req, err := decode(body, func(r submitRequest) bool { return r.Name != "" }, `{"name": ..., "content": base64}`)
	if err != nil {
		return nil, err
	}
	c, err := in.enter(ctx, req.Name, req.Content)
	if err != nil {
		return nil, err
	}
	return submitAnswer{FileID: c.FileID, Blob: c.Blob, SHA256: c.SHA256}, nil
}

// enter puts File A into the inbox under name as a new submission (a submit, or a
// redrive's restore) and announces it. The claim is taken before the blob is written,
// so that no scan reads a half-written file; a name another file holds is refused.
func (in *intake) enter(ctx context.Context, name string, data []byte) (custody.Claim, error) {
	c, err := in.claimContent(ctx, name, data)
	if err != nil {
		return c, err
	}
	if c.FileID == "" {
		return c, fmt.Errorf("%w: a file named %q is already in the inbox", step.ErrBadRequest, name)
	}
	if err := in.app.Sidecar.PutBlob(ctx, step.Inbox, name, data); err != nil {
		return c, err
	}
	return c, in.announce(ctx, c)
}

// decode reads a method's JSON request; one that does not parse, or lacks what complete
// asks for, is a bad request that says what is wanted.
func decode[T any](body []byte, complete func(T) bool, want string) (T, error) {
	var req T
	if err := json.Unmarshal(body, &req); err != nil || !complete(req) {
		return req, fmt.Errorf("%w: want %s", step.ErrBadRequest, want)
	}
	return req, nil
}
