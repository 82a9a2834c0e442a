package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/azurite"
	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
)

const uploadHelp = `Put each FILE (a payment file, File A) into File A Storage the way a bank customer's
client does, past the apps: it arrives as a blob.created event, as in Azure. Unlike
submit, nothing waits. Where the files go is read from the inbox component of
--resources (a component profile):

  local folders (bindings.localstorage)  written under a hidden name in the inbox folder,
                                          then renamed: inbox-watch announces the complete
                                          file, never half of one
  Azure Blob (bindings.azure.blobstorage) one Put Blob into the inbox container (a blob
                                          appears whole), then the
                                          Microsoft.Storage.BlobCreated event that Event
                                          Grid sends in Azure, published on blob.created
                                          through inbox-watch's sidecar (--events-grpc,
                                          with DAPR_API_TOKEN): Azurite emits no events,
                                          so this plays Event Grid

It prints one line per file. Exit codes: 0 every file was uploaded, 2 one was not.

Examples:
  choreo upload samples/acme-example.csv
  choreo upload --resources components/azurite samples/*.csv`

func uploadCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	resources := fs.String("resources", "components/local", "component profile `DIR` whose inbox to use")
	envDefault(fs, "resources", "CHOREO_RESOURCES")
	eventsAddr := fs.String("events-grpc", sidecars["inbox-watch"].addr,
		"gRPC address (`host:port`) of inbox-watch's Dapr sidecar, which publishes blob.created on Azure Blob storage")
	envDefault(fs, "events-grpc", sidecarEnv("inbox-watch"))
	asJSON := fs.Bool("json", false, `print one JSON array: [{"path", "name", "to", "error"}]`)
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) == 0 {
			return errors.New("upload takes one or more FILEs")
		}
		put, where, err := storageUploader(*resources, announcer(*eventsAddr))
		if err != nil {
			return err
		}
		var errs []error
		type uploaded struct {
			Path  string `json:"path"`
			Name  string `json:"name"`
			To    string `json:"to,omitempty"`
			Error string `json:"error,omitempty"`
		}
		results := []uploaded{}
		for _, p := range pos {
			data, err := os.ReadFile(p)
			if err == nil {
				err = put(ctx, filepath.Base(p), data)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("upload %s: %w", p, err))
				results = append(results, uploaded{Path: p, Name: filepath.Base(p), Error: err.Error()})
				continue
			}
			results = append(results, uploaded{Path: p, Name: filepath.Base(p), To: where})
			if !*asJSON {
				fmt.Fprintf(e.stdout, "uploaded  %-32s to %s\n", filepath.Base(p), where)
			}
		}
		if *asJSON {
			if err := printJSON(e.stdout, results); err != nil {
				return err
			}
		}
		return errors.Join(errs...)
	}
}

// storageUploader reads the inbox component of a profile and returns what puts a file there.
func storageUploader(resources string, announce azurite.Announcer) (func(context.Context, string, []byte) error, string, error) {
	raw, err := os.ReadFile(filepath.Join(resources, "inbox.yaml"))
	if err != nil {
		return nil, "", fmt.Errorf("no inbox component in %s: %w", resources, err)
	}
	var inbox struct {
		Spec struct {
			Type     string `yaml:"type"`
			Metadata []struct{ Name, Value string }
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(raw, &inbox); err != nil {
		return nil, "", fmt.Errorf("%s/inbox.yaml: %w", resources, err)
	}
	switch inbox.Spec.Type {
	case "bindings.azure.blobstorage":
		r, err := azurite.LoadResources(resources)
		if err != nil {
			return nil, "", err
		}
		where := "container " + r.Containers["inbox"] + " (" + r.Account.BlobEndpoint + "), announced on " + events.BlobCreated
		return func(ctx context.Context, name string, data []byte) error { return r.Upload(ctx, name, data, announce) }, where, nil
	case "bindings.localstorage":
		var root string
		for _, m := range inbox.Spec.Metadata {
			if m.Name == "rootPath" {
				root = m.Value
			}
		}
		if !filepath.IsAbs(root) {
			// As the sidecars resolve it: relative to the app's folder, apps/<app id>/.
			root = filepath.Join(resources, "..", "..", "apps", "intake", root)
		}
		return func(_ context.Context, name string, data []byte) error { return dropIntoFolder(root, name, data) }, root, nil
	}
	return nil, "", fmt.Errorf("%s/inbox.yaml: upload knows no storage of type %q", resources, inbox.Spec.Type)
}

// dropIntoFolder writes a hidden file in the inbox folder, then renames it: names starting
// with a dot are not payment files, so intake never reads half of one.
func dropIntoFolder(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+name+".part")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

// announcer publishes blob.created through a sidecar, connecting on first use (a folder
// upload needs none).
func announcer(addr string) azurite.Announcer {
	var c dapr.Client
	return func(ctx context.Context, ev blobevent.CloudEvent) error {
		if c == nil {
			var err error
			if c, err = connect(ctx, addr); err != nil {
				return err
			}
		}
		return blobevent.Publish(ctx, c, events.PubSubOf(events.BlobCreated), events.BlobCreated, ev)
	}
}
