// Package blobevent reads and writes the event Azure Event Grid sends when a blob is
// created (Microsoft.Storage.BlobCreated), in the CloudEvents 1.0 schema: the form Event
// Grid delivers to the Service Bus topic blob.created in Azure, and the form the local
// stand-ins for Event Grid (apps/inbox-watch, `choreo upload`) publish on the broker.
// Intake takes these events from the topic as competing consumers.
package blobevent

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"path"
	"strings"
	"time"
)

// TypeBlobCreated is the event type of a new or overwritten blob.
const TypeBlobCreated = "Microsoft.Storage.BlobCreated"

// CloudEvent is a BlobCreated event as Event Grid writes it with
// eventDeliverySchema CloudEventSchemaV1_0 (trimmed of what the project does not use).
type CloudEvent struct {
	SpecVersion     string `json:"specversion"`
	ID              string `json:"id"`
	Type            string `json:"type"`
	Source          string `json:"source"`
	Subject         string `json:"subject"`
	Time            string `json:"time,omitempty"`
	DataContentType string `json:"datacontenttype,omitempty"`
	Data            Data   `json:"data"`
}

// Data is the part of a BlobCreated event's data the project uses or writes.
type Data struct {
	API           string `json:"api"`
	ContentType   string `json:"contentType,omitempty"`
	ContentLength int64  `json:"contentLength"`
	BlobType      string `json:"blobType,omitempty"`
	URL           string `json:"url"`
}

// Source is the CloudEvent source Event Grid gives a storage account's events; the local
// stand-ins use it with a made-up subscription and resource group.
func Source(account string) string {
	return "/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/" + account
}

// Subject is the CloudEvent subject of a blob: "/blobServices/default/containers/<container>/blobs/<name>".
func Subject(container, name string) string {
	return "/blobServices/default/containers/" + container + "/blobs/" + name
}

// Created builds the BlobCreated event Event Grid would send for a blob put into a
// container of a storage account, its URL as the storage service answered it. Every
// event gets a new id, as Event Grid's do: two events for one blob are two events.
func Created(account, container, name, blobURL string, size int64, at time.Time) CloudEvent {
	id := make([]byte, 16)
	rand.Read(id)
	return CloudEvent{
		SpecVersion:     "1.0",
		ID:              hex.EncodeToString(id),
		Type:            TypeBlobCreated,
		Source:          Source(account),
		Subject:         Subject(container, name),
		Time:            at.UTC().Format(time.RFC3339Nano),
		DataContentType: "application/json",
		Data:            Data{API: "PutBlob", ContentLength: size, BlobType: "BlockBlob", URL: blobURL},
	}
}

// Blob splits a subject "/blobServices/default/containers/<container>/blobs/<name>";
// a name may hold slashes (virtual folders).
func Blob(subject string) (container, name string, ok bool) {
	rest, found := strings.CutPrefix(subject, "/blobServices/default/containers/")
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
