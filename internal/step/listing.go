package step

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// rootMarker is a hidden blob the app writes once per storage binding so that it can
// turn localstorage's absolute paths back into blob names without knowing the
// component's rootPath: whatever precedes the marker's name in a listing is the root.
const rootMarker = ".choreo-root"

// Lister lists blob names relative to a binding's root, for any storage binding.
type Lister struct {
	sc         *Sidecar
	mu         sync.Mutex
	roots      map[string]string
	containers map[string]string
}

// NewLister returns a Lister over the sidecar's storage bindings.
func NewLister(sc *Sidecar) *Lister {
	return &Lister{sc: sc, roots: map[string]string{}, containers: map[string]string{}}
}

// Container names the blob container behind a storage binding, as the binding reports it
// in the URL of the root marker it writes (once); "" for storage without containers
// (localstorage answers no URL). Intake compares it with the container named in
// blob-created events, without knowing the component's containerName.
func (l *Lister) Container(ctx context.Context, binding string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.containers[binding]; ok {
		return c, nil
	}
	answer, err := l.sc.createBlob(ctx, binding, rootMarker, nil)
	if err != nil {
		return "", err
	}
	c := containerOf(answer)
	l.containers[binding] = c
	return c, nil
}

// containerOf reads a create answer: Azure Blob's {"blobURL": ..., "blobName": ...}.
func containerOf(answer []byte) string {
	var a struct {
		BlobURL  string `json:"blobURL"`
		BlobName string `json:"blobName"`
	}
	if json.Unmarshal(answer, &a) != nil || a.BlobURL == "" {
		return ""
	}
	return blobevent.ContainerOf(a.BlobURL, a.BlobName)
}

// List returns every blob name in the binding, as a path relative to its root.
func (l *Lister) List(ctx context.Context, binding string) ([]string, error) {
	raw, err := l.sc.listRaw(ctx, binding)
	if err != nil {
		return nil, err
	}
	names, absolute, err := parseListing(raw)
	if err != nil || !absolute {
		return names, err
	}
	root, err := l.root(ctx, binding)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if rel, ok := strings.CutPrefix(n, root+"/"); ok {
			out = append(out, rel)
		}
	}
	return out, nil
}

// root finds (once) the absolute root of a localstorage binding through its marker.
func (l *Lister) root(ctx context.Context, binding string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := l.roots[binding]; ok {
		return r, nil
	}
	if err := l.sc.PutBlob(ctx, binding, rootMarker, nil); err != nil {
		return "", err
	}
	raw, err := l.sc.listRaw(ctx, binding)
	if err != nil {
		return "", err
	}
	names, _, err := parseListing(raw)
	if err != nil {
		return "", err
	}
	for _, n := range names {
		if path.Base(n) == rootMarker && path.Dir(n) != "." {
			if r := path.Dir(n); isShallowest(r, names) {
				l.roots[binding] = r
				return r, nil
			}
		}
	}
	return "", fmt.Errorf("list %s: cannot find root marker %s in the listing", binding, rootMarker)
}

// isShallowest guards against a marker that a user copied into a subfolder.
func isShallowest(root string, names []string) bool {
	for _, n := range names {
		if path.Base(n) == rootMarker && len(path.Dir(n)) < len(root) {
			return false
		}
	}
	return true
}

// parseListing reads a binding's list answer: localstorage gives a JSON array of
// absolute paths, Azure Blob an array of objects with a Name.
func parseListing(raw []byte) (names []string, absolute bool, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, false, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, false, fmt.Errorf("parse listing: %w", err)
	}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			names, absolute = append(names, s), absolute || strings.HasPrefix(s, "/")
			continue
		}
		var obj struct{ Name string }
		if err := json.Unmarshal(it, &obj); err != nil {
			return nil, false, fmt.Errorf("parse listing entry: %w", err)
		}
		names = append(names, obj.Name)
	}
	return names, absolute, nil
}
