// Package blobevent reads and writes the event Azure Event Grid sends when a blob is
// created (Microsoft.Storage.BlobCreated), as Event Grid puts it on a storage queue: one
// event per queue message, JSON in the Event Grid schema, the message base64-encoded
// (the storage-queue binding decodes it with decodeBase64). Intake reads these events;
// `choreo upload` writes them where the storage emits none (Azurite).
package blobevent

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"
)

// TypeBlobCreated is the event type of a new or overwritten blob.
const TypeBlobCreated = "Microsoft.Storage.BlobCreated"

// Event is an Event Grid event (Event Grid schema; the CloudEvents schema's type and
// source are read too).
type Event struct {
	ID              string `json:"id"`
	Topic           string `json:"topic,omitempty"`
	Source          string `json:"source,omitempty"` // CloudEvents schema
	Subject         string `json:"subject"`
	EventType       string `json:"eventType,omitempty"`
	Type            string `json:"type,omitempty"` // CloudEvents schema
	EventTime       string `json:"eventTime,omitempty"`
	Data            Data   `json:"data"`
	DataVersion     string `json:"dataVersion"`
	MetadataVersion string `json:"metadataVersion,omitempty"`
}

// Data is the part of a BlobCreated event's data the project uses or writes.
type Data struct {
	API           string `json:"api"`
	ContentType   string `json:"contentType,omitempty"`
	ContentLength int64  `json:"contentLength"`
	BlobType      string `json:"blobType,omitempty"`
	URL           string `json:"url"`
}

// Created builds the BlobCreated event Event Grid would send for a blob put into a
// container of a storage account, its URL as the storage service answered it.
func Created(account, container, name, blobURL string, size int64, at time.Time) Event {
	id := make([]byte, 16)
	rand.Read(id)
	return Event{
		ID:              hex.EncodeToString(id),
		Topic:           "/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/" + account,
		Subject:         "/blobServices/default/containers/" + container + "/blobs/" + name,
		EventType:       TypeBlobCreated,
		EventTime:       at.UTC().Format(time.RFC3339Nano),
		Data:            Data{API: "PutBlob", ContentLength: size, BlobType: "BlockBlob", URL: blobURL},
		DataVersion:     "",
		MetadataVersion: "1",
	}
}

// Parse reads a queue message: one event, or an array of events (Event Grid's webhook
// form).
func Parse(msg []byte) ([]Event, error) {
	msg = bytes.TrimSpace(msg)
	if len(msg) > 0 && msg[0] == '[' {
		var evs []Event
		if err := json.Unmarshal(msg, &evs); err != nil {
			return nil, fmt.Errorf("blobevent: %w", err)
		}
		return evs, nil
	}
	var ev Event
	if err := json.Unmarshal(msg, &ev); err != nil {
		return nil, fmt.Errorf("blobevent: %w", err)
	}
	if ev.Subject == "" {
		return nil, errors.New("blobevent: no subject")
	}
	return []Event{ev}, nil
}

// IsCreated says the event announces a new or overwritten blob.
func (e Event) IsCreated() bool { return e.EventType == TypeBlobCreated || e.Type == TypeBlobCreated }

// Blob splits the subject "/blobServices/default/containers/<container>/blobs/<name>";
// a name may hold slashes (virtual folders).
func (e Event) Blob() (container, name string, ok bool) {
	rest, found := strings.CutPrefix(e.Subject, "/blobServices/default/containers/")
	if !found {
		return "", "", false
	}
	container, name, found = strings.Cut(rest, "/blobs/")
	if !found || container == "" || name == "" {
		return "", "", false
	}
	return container, name, true
}

// ContainerOf returns the container in the URL of the blob named name: the path segment
// before the name, in both the account-host form of Azure
// (https://acct.blob.core.windows.net/<container>/<name>) and the path form of emulators
// (http://127.0.0.1:10000/<account>/<container>/<name>). "" when the URL is not one.
func ContainerOf(blobURL, name string) string {
	u, err := url.Parse(blobURL)
	if err != nil || name == "" {
		return ""
	}
	dir, found := strings.CutSuffix(u.Path, "/"+name)
	if !found || dir == "" || dir == "/" {
		return ""
	}
	return path.Base(dir)
}
