package blobevent

import (
	"encoding/json"
	"testing"
	"time"
)

// A BlobCreated event as Event Grid documents it in the CloudEvents 1.0 schema (trimmed
// of diagnostics): what arrives on the Service Bus topic in Azure.
const azureSample = `{
  "specversion": "1.0",
  "type": "Microsoft.Storage.BlobCreated",
  "source": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
  "id": "831e1650-001e-001b-66ab-eeb76e069631",
  "time": "2026-11-25T08:00:00.1234567Z",
  "subject": "/blobServices/default/containers/inbox/blobs/acme-example.csv",
  "data": {
    "api": "PutBlockList",
    "clientRequestId": "6d79dbfb-0e37-4fc4-981f-442c9ca65760",
    "requestId": "831e1650-001e-001b-66ab-eeb76e000000",
    "eTag": "0x8D4BCC2E4835CD0",
    "contentType": "text/csv",
    "contentLength": 524,
    "blobType": "BlockBlob",
    "url": "https://acct.blob.core.windows.net/inbox/acme-example.csv",
    "sequencer": "00000000000004420000000000028963"
  }
}`

func TestReadsAzureEvent(t *testing.T) {
	var ev CloudEvent
	if err := json.Unmarshal([]byte(azureSample), &ev); err != nil {
		t.Fatal(err)
	}
	c, name, ok := Blob(ev.Subject)
	if ev.Type != TypeBlobCreated || !ok || c != "inbox" || name != "acme-example.csv" || ev.Data.ContentLength != 524 {
		t.Errorf("event: type %q, blob %q/%q %v, %+v", ev.Type, c, name, ok, ev.Data)
	}
	if got := ContainerOf(ev.Data.URL, name); got != "inbox" {
		t.Errorf("ContainerOf(%s) = %q", ev.Data.URL, got)
	}
}

func TestCreatedRoundTrip(t *testing.T) {
	url := "http://127.0.0.1:10000/devstoreaccount1/inbox-8/nested/pay%20ment.csv"
	ev := Created("devstoreaccount1", "inbox-8", "nested/pay ment.csv", url, 42, time.Now())
	raw, _ := json.Marshal(ev)
	var back CloudEvent
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	c, name, ok := Blob(back.Subject)
	if !ok || back.Type != TypeBlobCreated || back.SpecVersion != "1.0" || c != "inbox-8" || name != "nested/pay ment.csv" || back.Data.URL != url {
		t.Errorf("round trip: %q %q %v %+v", c, name, ok, back)
	}
	if other := Created("a", "b", "c", "", 0, time.Now()); other.ID == ev.ID || other.ID == "" {
		t.Errorf("event ids %q and %q: want a new id per event", ev.ID, other.ID)
	}
	if got := ContainerOf(url, name); got != "inbox-8" {
		t.Errorf("ContainerOf(emulator URL) = %q", got)
	}
}

func TestSubjectsThatNameNoBlob(t *testing.T) {
	for _, s := range []string{"", "not a subject", "/other/thing", "/blobServices/default/containers//blobs/x",
		"/blobServices/default/containers/inbox/blobs/", "/blobServices/default/containers/inbox"} {
		if c, n, ok := Blob(s); ok {
			t.Errorf("Blob(%q) = %q, %q", s, c, n)
		}
	}
	if ContainerOf("http://host/.choreo-root", ".choreo-root") != "" || ContainerOf("::", "x") != "" {
		t.Error("ContainerOf found a container where there is none")
	}
}
