package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/paychoreo/choreography/internal/azurite"
)

const uploadHelp = `Put each FILE (a payment file, File A) into File A Storage the way a bank customer's
client does, past the apps: intake finds it by itself. Unlike submit, nothing waits and
no Dapr sidecar is involved. Where the files go is read from the inbox component of
--resources (a component profile):

  local folders (bindings.localstorage)  written under a hidden name in the inbox folder,
                                          then renamed: the scan never sees half a file
  Azure Blob (bindings.azure.blobstorage) one Put Blob into the inbox container (a blob
                                          appears whole), then the
                                          Microsoft.Storage.BlobCreated event that Event
                                          Grid sends in Azure, put on the blob-events
                                          queue; Azurite emits no events, so this plays
                                          Event Grid, and intake reads the queue

It prints one line per file. Exit codes: 0 every file was uploaded, 2 one was not.

Examples:
  choreo upload samples/acme-example.csv
  choreo upload --resources components/azurite samples/*.csv`

func uploadCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
	resources := fs.String("resources", "components/local", "component profile `DIR` whose inbox (and blob-events) to use")
	asJSON := fs.Bool("json", false, `print one JSON array: [{"path", "name", "to", "error"}]`)
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) == 0 {
			return errors.New("upload takes one or more FILEs")
		}
		put, where, err := storageUploader(*resources)
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
func storageUploader(resources string) (func(context.Context, string, []byte) error, string, error) {
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
		where := "container " + r.Containers["inbox"] + " (" + r.Account.BlobEndpoint + ")"
		if r.EventQueue != "" {
			where += ", BlobCreated event on queue " + r.EventQueue
		}
		return r.Upload, where, nil
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
