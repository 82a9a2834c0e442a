package azurite

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// Resources is what a profile's component files say about Azure Storage: the account,
// the container behind each storage binding, and the queue of blob-created events. The
// uploader and the tests read them from the same YAML the sidecars load, so they never
// disagree with it.
type Resources struct {
	Account    Account
	Containers map[string]string // binding name (inbox, outbox, ...) -> container
	EventQueue string            // queue of the blob-events binding; "" when there is none
}

// EventsBinding names the input binding of blob-created events (step.BlobEvents).
const EventsBinding = "blob-events"

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
		case "bindings.azure.storagequeues":
			if c.Metadata.Name == EventsBinding {
				r.EventQueue = c.meta("queueName", "queue")
				r.Account.QueueEndpoint = strings.TrimSuffix(c.meta("queueEndpointUrl", "endpoint"), "/")
			}
		}
	}
	if r.Containers["inbox"] == "" || r.Account.Name == "" || r.Account.Key == "" || r.Account.BlobEndpoint == "" {
		return r, fmt.Errorf("%s: no Azure Blob inbox with accountName, accountKey and endpoint", dir)
	}
	return r, nil
}

// Upload puts File A into the inbox container as a customer's client does (one Put Blob:
// the blob appears whole or not at all), then does what Event Grid does in Azure for a
// storage account with a blob-created subscription and what Azurite does not: it puts
// a Microsoft.Storage.BlobCreated event, base64-encoded, on the blob-events queue.
func (r Resources) Upload(ctx context.Context, name string, data []byte) error {
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
	if r.EventQueue == "" {
		return nil
	}
	ev := blobevent.Created(r.Account.Name, inbox, name, r.Account.BlobURL(inbox, name), int64(len(data)), time.Now())
	raw, _ := json.Marshal(ev)
	if err := r.Account.CreateQueue(ctx, r.EventQueue); err != nil {
		return err
	}
	return r.Account.PutMessage(ctx, r.EventQueue, base64.StdEncoding.EncodeToString(raw))
}
