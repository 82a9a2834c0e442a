package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Folder is a Blobs over a local folder, as Dapr's local-storage binding keeps one: for
// the in-process benchmark floor, which reads and writes the same kind of folders as
// the pipeline without a sidecar.
type Folder string

func (d Folder) path(name string) string { return filepath.Join(string(d), filepath.FromSlash(name)) }

func (d Folder) Open(_ context.Context, name string) (io.ReadCloser, error) {
	f, err := os.Open(d.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return f, err
}

func (d Folder) Put(ctx context.Context, name string, data []byte) error {
	return d.PutFrom(ctx, name, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// PutFrom writes to a temporary file renamed into place, so a failed write leaves
// nothing behind under name.
func (d Folder) PutFrom(_ context.Context, name string, write func(io.Writer) error) error {
	p := d.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

func (d Folder) Delete(_ context.Context, name string) error {
	if err := os.Remove(d.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
