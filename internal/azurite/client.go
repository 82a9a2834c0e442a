// Package azurite is a small client of the Azure Storage REST API (Blob service) as Azurite, the Azure Storage emulator, serves it: path-style URLs
// (<endpoint>/<account>/...), Shared Key authorization, standard library only. The apps
// never use it (they reach storage through Dapr bindings); it serves the two parts that
// play what is outside the system on the azurite profile: the uploader (a bank customer
// putting File A into the inbox, then the blob.created event Event Grid would send)
// and the tests, which look into containers where a person would.
package azurite

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// apiVersion is the storage service version the requests ask for.
const apiVersion = "2023-11-03"

// ErrNotFound is returned for a blob, container or queue that does not exist.
var ErrNotFound = errors.New("azurite: not found")

// Account is a storage account on an emulator.
type Account struct {
	Name         string // devstoreaccount1 on Azurite
	Key          string // base64 account key (Azurite's is public and well known)
	BlobEndpoint string // e.g. http://127.0.0.1:10000, without the account
	HTTP         *http.Client
}

// BlobURL is the URL of a blob (the name's segments escaped).
func (a Account) BlobURL(container, name string) string {
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return a.BlobEndpoint + "/" + a.Name + "/" + container + "/" + strings.Join(segs, "/")
}

// PutBlob writes a block blob in one request (Azure takes up to 5000 MiB so).
func (a Account) PutBlob(ctx context.Context, container, name string, data []byte) error {
	_, err := a.do(ctx, "PUT", a.BlobURL(container, name), data, map[string]string{"x-ms-blob-type": "BlockBlob"}, 201)
	return err
}

// GetBlob reads a blob.
func (a Account) GetBlob(ctx context.Context, container, name string) ([]byte, error) {
	return a.do(ctx, "GET", a.BlobURL(container, name), nil, nil, 200)
}

// ListBlobs lists the names in a container that start with prefix; a container that does
// not exist (yet) lists nothing.
func (a Account) ListBlobs(ctx context.Context, container, prefix string) ([]string, error) {
	var names []string
	marker := ""
	for {
		q := url.Values{"restype": {"container"}, "comp": {"list"}}
		if prefix != "" {
			q.Set("prefix", prefix)
		}
		if marker != "" {
			q.Set("marker", marker)
		}
		body, err := a.do(ctx, "GET", a.BlobEndpoint+"/"+a.Name+"/"+container+"?"+q.Encode(), nil, nil, 200)
		if errors.Is(err, ErrNotFound) {
			return names, nil
		}
		if err != nil {
			return nil, err
		}
		var page struct {
			Names      []string `xml:"Blobs>Blob>Name"`
			NextMarker string   `xml:"NextMarker"`
		}
		if err := xml.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("azurite: list %s: %w", container, err)
		}
		names = append(names, page.Names...)
		if marker = page.NextMarker; marker == "" {
			return names, nil
		}
	}
}

// CreateContainer creates a container; an existing one is no error.
func (a Account) CreateContainer(ctx context.Context, container string) error {
	_, err := a.do(ctx, "PUT", a.BlobEndpoint+"/"+a.Name+"/"+container+"?restype=container", nil, nil, 201, 409)
	return err
}

// DeleteContainer removes a container and every blob in it; a missing one is no error.
func (a Account) DeleteContainer(ctx context.Context, container string) error {
	_, err := a.do(ctx, "DELETE", a.BlobEndpoint+"/"+a.Name+"/"+container+"?restype=container", nil, nil, 202)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Lease takes an infinite lease on a blob: until it is broken, every write or delete
// without the lease id fails (412). Tests use it to make storage refuse one blob.
func (a Account) Lease(ctx context.Context, container, name string) error {
	_, err := a.do(ctx, "PUT", a.BlobURL(container, name)+"?comp=lease", nil,
		map[string]string{"x-ms-lease-action": "acquire", "x-ms-lease-duration": "-1"}, 201)
	return err
}

// BreakLease ends a blob's lease at once.
func (a Account) BreakLease(ctx context.Context, container, name string) error {
	_, err := a.do(ctx, "PUT", a.BlobURL(container, name)+"?comp=lease", nil,
		map[string]string{"x-ms-lease-action": "break", "x-ms-lease-break-period": "0"}, 202)
	return err
}

// do sends one signed request and returns the body of an expected answer.
func (a Account) do(ctx context.Context, method, rawURL string, body []byte, headers map[string]string, want ...int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.ContentLength = int64(len(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if err := a.sign(req); err != nil {
		return nil, err
	}
	client := a.HTTP
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("azurite: %s %s: %w", method, rawURL, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("azurite: %s %s: %w", method, rawURL, err)
	}
	if slices.Contains(want, resp.StatusCode) {
		return out, nil
	}
	code := resp.Header.Get("x-ms-error-code")
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("%w: %s %s (%s)", ErrNotFound, method, rawURL, code)
	}
	return nil, fmt.Errorf("azurite: %s %s: %s %s", method, rawURL, resp.Status, code)
}

// sign adds Shared Key authorization (learn.microsoft.com "Authorize with Shared Key"):
// an HMAC-SHA256, with the account key, of the verb, the standard headers, the x-ms-
// headers and the resource.
func (a Account) sign(req *http.Request) error {
	key, err := base64.StdEncoding.DecodeString(a.Key)
	if err != nil {
		return fmt.Errorf("azurite: account key: %w", err)
	}
	req.Header.Set("x-ms-date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("x-ms-version", apiVersion)
	length := ""
	if req.ContentLength > 0 {
		length = strconv.FormatInt(req.ContentLength, 10)
	}
	h := req.Header.Get
	lines := []string{req.Method, h("Content-Encoding"), h("Content-Language"), length, h("Content-MD5"),
		h("Content-Type"), "", h("If-Modified-Since"), h("If-Match"), h("If-None-Match"), h("If-Unmodified-Since"), h("Range")}
	toSign := strings.Join(lines, "\n") + "\n" + canonicalHeaders(req.Header) + canonicalResource(a.Name, req.URL)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(toSign))
	req.Header.Set("Authorization", "SharedKey "+a.Name+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return nil
}

func canonicalHeaders(hdr http.Header) string {
	var names []string
	for k := range hdr {
		if k = strings.ToLower(k); strings.HasPrefix(k, "x-ms-") {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k + ":" + strings.TrimSpace(hdr.Get(k)) + "\n")
	}
	return b.String()
}

func canonicalResource(account string, u *url.URL) string {
	var b strings.Builder
	b.WriteString("/" + account + u.EscapedPath())
	q := u.Query()
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		vals := slices.Clone(q[k])
		slices.Sort(vals)
		b.WriteString("\n" + strings.ToLower(k) + ":" + strings.Join(vals, ","))
	}
	return b.String()
}
