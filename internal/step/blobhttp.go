package step

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// blobHTTP reaches the sidecar's output-binding API over HTTP for blob content. Over
// gRPC a blob is one message, held whole by the app and copied whole again to marshal
// it; over HTTP the request body is written as it is produced and the response body
// read as it arrives, so an app's memory does not grow with the files it moves. (The
// sidecar still holds each blob whole: that is the binding API.)
type blobHTTP struct {
	base  string
	token string
	c     *http.Client
}

func newBlobHTTP(cfg Config) blobHTTP {
	return blobHTTP{
		base:  "http://127.0.0.1:" + strconv.Itoa(cfg.DaprHTTPPort) + "/v1.0/bindings/",
		token: cfg.DaprToken,
		// No proxy: the sidecar is on loopback whatever HTTP_PROXY says.
		c: &http.Client{Transport: &http.Transport{
			MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second, DisableCompression: true}},
	}
}

// invoke posts one binding request and returns the response for a 2xx answer; the
// caller reads and closes its body. Any other answer is an error carrying the
// sidecar's message (for isNotFound).
func (b blobHTTP) invoke(ctx context.Context, binding string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+url.PathEscape(binding), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if b.token != "" {
		req.Header.Set("dapr-api-token", b.token)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var e struct {
		Code    string `json:"errorCode"`
		Message string `json:"message"`
	}
	if json.Unmarshal(msg, &e) == nil && e.Message != "" {
		return nil, fmt.Errorf("sidecar answered %d %s: %s", resp.StatusCode, e.Code, e.Message)
	}
	return nil, fmt.Errorf("sidecar answered %d: %s", resp.StatusCode, bytes.TrimSpace(msg))
}

// head is the request's JSON up to where data would start.
func head(operation, name string) []byte {
	b, _ := json.Marshal(struct {
		Operation string            `json:"operation"`
		Metadata  map[string]string `json:"metadata"`
	}{operation, blobMeta(name)})
	return b[:len(b)-1] // without the closing brace
}

// OpenBlob opens a blob for reading through a storage binding. The caller closes it.
// size is the blob's length when the sidecar says it (-1 otherwise).
func (s *Sidecar) OpenBlob(ctx context.Context, binding, name string) (r io.ReadCloser, size int64, err error) {
	resp, err := s.blobs.invoke(ctx, binding, bytes.NewReader(append(head("get", name), '}')))
	if err != nil {
		if isNotFound(err) {
			return nil, 0, fmt.Errorf("get %s/%s: %w", binding, name, ErrNotFound)
		}
		return nil, 0, fmt.Errorf("get %s/%s: %w", binding, name, err)
	}
	return resp.Body, resp.ContentLength, nil
}

// GetBlob reads a blob whole through a storage binding, into one buffer of its size.
func (s *Sidecar) GetBlob(ctx context.Context, binding, name string) ([]byte, error) {
	r, size, err := s.OpenBlob(ctx, binding, name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var data []byte
	if size >= 0 {
		data = make([]byte, size)
		_, err = io.ReadFull(r, data)
	} else {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", binding, name, err)
	}
	return data, nil
}

// GetBlobText reads a blob whole as a string, for decoders that keep slices of it
// (staging): read straight into the string, it is held once.
func (s *Sidecar) GetBlobText(ctx context.Context, binding, name string) (string, error) {
	r, size, err := s.OpenBlob(ctx, binding, name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	var b strings.Builder
	if size > 0 {
		b.Grow(int(size))
	}
	if _, err := io.Copy(&b, r); err != nil {
		return "", fmt.Errorf("get %s/%s: %w", binding, name, err)
	}
	return b.String(), nil
}

// FingerprintBlob reads a blob as it streams and returns its size and SHA-256 (hex),
// holding none of it.
func (s *Sidecar) FingerprintBlob(ctx context.Context, binding, name string) (size int64, sha256Hex string, err error) {
	r, _, err := s.OpenBlob(ctx, binding, name)
	if err != nil {
		return 0, "", err
	}
	defer r.Close()
	h := sha256.New()
	if size, err = io.Copy(h, r); err != nil {
		return 0, "", fmt.Errorf("get %s/%s: %w", binding, name, err)
	}
	return size, hex.EncodeToString(h.Sum(nil)), nil
}

// errRequestEnded tells a blob's writer that the request it was feeding is over.
var errRequestEnded = errors.New("step: the sidecar request ended")

// PutBlobFrom writes a blob whose content write produces, streamed to the sidecar as
// write goes: the app never holds the content whole. Content travels base64-encoded and
// the bindings decode it (localstorage always tries, Azure Blob with decodeBase64), so
// bytes that happen to look like a quoted string or base64 are stored exactly as given.
// A write error is returned as is, the request is cut short and nothing is written.
func (s *Sidecar) PutBlobFrom(ctx context.Context, binding, name string, write func(w io.Writer) error) error {
	pr, pw := io.Pipe()
	wrote := make(chan error, 1)
	go func() { wrote <- writeCreate(pw, name, write) }()
	resp, err := s.blobs.invoke(ctx, binding, pr)
	pr.CloseWithError(errRequestEnded) // frees the writer if the sidecar answered early
	werr := <-wrote
	if resp != nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	switch {
	case werr != nil && !errors.Is(werr, errRequestEnded) && !errors.Is(werr, io.ErrClosedPipe):
		return werr // the content's own failure, which cut the request short
	case err != nil:
		return fmt.Errorf("create %s/%s: %w", binding, name, err)
	}
	return werr
}

// writeCreate writes a create request's JSON with write's output as base64 data, and
// closes pw with the outcome so that the request ends with it.
func writeCreate(pw *io.PipeWriter, name string, write func(w io.Writer) error) error {
	bw := bufio.NewWriterSize(pw, 64<<10)
	bw.Write(head("create", name))
	bw.WriteString(`,"data":"`)
	enc := base64.NewEncoder(base64.StdEncoding, bw)
	err := write(enc)
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		bw.WriteString(`"}`)
		err = bw.Flush()
	}
	pw.CloseWithError(err)
	return err
}

// PutBlob writes a blob held in memory (see PutBlobFrom).
func (s *Sidecar) PutBlob(ctx context.Context, binding, name string, data []byte) error {
	return s.PutBlobFrom(ctx, binding, name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// ErrContentChanged is CopyBlob's answer when the blob is not the content it expected.
var ErrContentChanged = errors.New("step: blob content is not the expected one")

// CopyBlob copies a blob from one binding to another as it reads it, never holding it
// whole. With wantSHA256 (hex) set, it writes the copy only if the content has that
// SHA-256: the check is made at the end of the stream, before the request is complete,
// so a copy of other content is cut short and never written (ErrContentChanged).
func (s *Sidecar) CopyBlob(ctx context.Context, from, name, to, dest, wantSHA256 string) error {
	r, _, err := s.OpenBlob(ctx, from, name)
	if err != nil {
		return err
	}
	defer r.Close()
	return s.PutBlobFrom(ctx, to, dest, func(w io.Writer) error {
		h := sha256.New()
		if _, err := io.Copy(io.MultiWriter(w, h), r); err != nil {
			return fmt.Errorf("copy %s/%s: %w", from, name, err)
		}
		if wantSHA256 != "" && hex.EncodeToString(h.Sum(nil)) != wantSHA256 {
			return fmt.Errorf("%s/%s: %w", from, name, ErrContentChanged)
		}
		return nil
	})
}
