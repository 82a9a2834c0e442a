package testpipe

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paychoreo/choreography/internal/azurite"
)

// The accessors below read an area (inbox, outbox, rejected, archive, staging,
// quarantine) wherever the profile keeps it: the pipeline's data folder on local folders,
// its own container on Azurite. Tests written with them run on every profile.

// Read returns the content of a blob of an area; os.ErrNotExist when there is none.
func (p *Pipeline) Read(area, name string) ([]byte, error) {
	if az := p.prof.az; az != nil {
		b, err := az.Account.GetBlob(context.Background(), az.Containers[area], name)
		if errors.Is(err, azurite.ErrNotFound) {
			return nil, os.ErrNotExist
		}
		return b, err
	}
	return os.ReadFile(filepath.Join(p.Data, area, filepath.FromSlash(name)))
}

// List returns the names in an area that start with prefix, sorted, with slashes.
func (p *Pipeline) List(area, prefix string) []string {
	p.T.Helper()
	if az := p.prof.az; az != nil {
		names, err := az.Account.ListBlobs(context.Background(), az.Containers[area], prefix)
		if err != nil {
			p.T.Fatal(err)
		}
		slices.Sort(names)
		return names
	}
	var out []string
	root := filepath.Join(p.Data, area)
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			if rel = filepath.ToSlash(rel); strings.HasPrefix(rel, prefix) {
				out = append(out, rel)
			}
		}
		return nil
	})
	return out
}

// Exists says whether an area holds name (on local folders a folder counts too).
func (p *Pipeline) Exists(area, name string) bool {
	if p.prof.az != nil {
		return slices.Contains(p.List(area, name), name)
	}
	_, err := os.Stat(filepath.Join(p.Data, area, filepath.FromSlash(name)))
	return err == nil
}

// File reads a file kept with a final File A: File A itself, report.csv, reason.json.
func (p *Pipeline) File(o Outcome, name string) ([]byte, error) {
	return p.Read(o.Area, o.FileID+"/"+name)
}

// ReportCodes reads an outcome's rejection report into "LINE FIELD CODE" rows.
func (p *Pipeline) ReportCodes(o Outcome) []string {
	p.T.Helper()
	raw, err := p.File(o, "report.csv")
	if err != nil {
		p.T.Fatalf("rejection report of %s: %v", o.Dir, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(rows) == 0 {
		p.T.Fatalf("rejection report of %s is not CSV: %v", o.Dir, err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[2]+" "+r[3]+" "+r[4])
	}
	return out
}

// Block makes an area refuse writes of one blob, to fail a step on purpose, and returns
// what lifts the block. On local folders an empty folder stands where the file must go
// (a delete of the blob removes it, so nothing needs lifting); on Azure Blob Storage a
// blob holds an infinite lease, which refuses writes and deletes until it is broken.
func (p *Pipeline) Block(area, name string) (unblock func()) {
	p.T.Helper()
	if az := p.prof.az; az != nil {
		ctx, c := context.Background(), az.Containers[area]
		if err := az.Account.PutBlob(ctx, c, name, []byte("blocked by the test\n")); err != nil {
			p.T.Fatal(err)
		}
		if err := az.Account.Lease(ctx, c, name); err != nil {
			p.T.Fatal(err)
		}
		return func() {
			if err := az.Account.BreakLease(ctx, c, name); err != nil {
				p.T.Error(err)
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(p.Data, area, filepath.FromSlash(name)), 0o755); err != nil {
		p.T.Fatal(err)
	}
	return func() {}
}

// BrokerKeepsStreams says whether the broker keeps every event where Stream reads it
// (Redis Streams); RabbitMQ hands messages out and forgets them.
func (p *Pipeline) BrokerKeepsStreams() bool { return p.Profile != "rabbitmq" }
