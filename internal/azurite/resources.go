package azurite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// Resources is what a profile's component files say about Azure Storage: the account
// and the container behind each storage binding. The uploader and the tests read them
// from the same YAML the sidecars load, so they never disagree with it.
type Resources struct {
	Account    Account
	Containers map[string]string // binding name (inbox, outbox, ...) -> container
}

type component struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Type     string `yaml:"type"`
		Metadata []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"metadata"`
	} `yaml:"spec"`
}

func (c component) meta(names ...string) string {
	for _, m := range c.Spec.Metadata {
		for _, n := range names {
			if m.Name == n {
				return m.Value
			}
		}
	}
	return ""
}

// LoadResources reads the Azure Storage components of a resources folder
// (components/azurite, or a test's rewritten copy). Only literal values are read: secret
// references are for real accounts, not the emulator.
func LoadResources(dir string) (Resources, error) {
	r := Resources{Containers: map[string]string{}}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return r, err
		}
		var c component
		if err := yaml.Unmarshal(raw, &c); err != nil {
			return r, fmt.Errorf("%s: %w", f, err)
		}
		switch c.Spec.Type {
		case "bindings.azure.blobstorage":
			r.Containers[c.Metadata.Name] = c.meta("containerName", "container")
			r.Account.Name = c.meta("accountName", "storageAccount")
			r.Account.Key = c.meta("accountKey", "storageAccessKey")
			r.Account.BlobEndpoint = strings.TrimSuffix(c.meta("endpoint", "storageEndpoint"), "/")
		}
	}
	if r.Containers["inbox"] == "" || r.Account.Name == "" || r.Account.Key == "" || r.Account.BlobEndpoint == "" {
		return r, fmt.Errorf("%s: no Azure Blob inbox with accountName, accountKey and endpoint", dir)
	}
	return r, nil
}

// Announcer sends a blob.created event (through a Dapr sidecar whose app may publish it).
type Announcer func(ctx context.Context, ev blobevent.CloudEvent) error

// Upload puts File A into the inbox container as a customer's client does (one Put Blob:
// the blob appears whole or not at all), then does what Event Grid does in Azure for a
// storage account with a blob-created subscription and what Azurite does not: it
// announces the blob with a Microsoft.Storage.BlobCreated event (CloudEvents schema).
func (r Resources) Upload(ctx context.Context, name string, data []byte, announce Announcer) error {
	inbox := r.Containers["inbox"]
	err := r.Account.PutBlob(ctx, inbox, name, data)
	if errors.Is(err, ErrNotFound) { // before any sidecar created the container
		if err = r.Account.CreateContainer(ctx, inbox); err == nil {
			err = r.Account.PutBlob(ctx, inbox, name, data)
		}
	}
	if err != nil {
		return err
	}
	ev := blobevent.Created(r.Account.Name, inbox, name, r.Account.BlobURL(inbox, name), int64(len(data)), time.Now())
	if err := announce(ctx, ev); err != nil {
		return fmt.Errorf("announce %s (the blob is uploaded; intake's scan finds it): %w", name, err)
	}
	return nil
}
