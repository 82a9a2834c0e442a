package blobevent

import (
	"encoding/json"
	"testing"
	"time"
)

// An event as Event Grid documents it for Blob Storage (trimmed of diagnostics).
const azureSample = `{
  "topic": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
  "subject": "/blobServices/default/containers/inbox/blobs/acme-example.csv",
  "eventType": "Microsoft.Storage.BlobCreated",
  "eventTime": "2026-11-25T08:00:00.1234567Z",
  "id": "831e1650-001e-001b-66ab-eeb76e069631",
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
  },
  "dataVersion": "",
  "metadataVersion": "1"
}`

func TestParseAzureEvent(t *testing.T) {
	evs, err := Parse([]byte(azureSample))
	if err != nil || len(evs) != 1 {
		t.Fatalf("Parse = %v, %v", evs, err)
	}
	c, name, ok := evs[0].Blob()
	if !evs[0].IsCreated() || !ok || c != "inbox" || name != "acme-example.csv" || evs[0].Data.ContentLength != 524 {
		t.Errorf("event: created %v, blob %q/%q %v, %+v", evs[0].IsCreated(), c, name, ok, evs[0].Data)
	}
	if got := ContainerOf(evs[0].Data.URL, name); got != "inbox" {
		t.Errorf("ContainerOf(%s) = %q", evs[0].Data.URL, got)
	}
	arr, err := Parse([]byte("[" + azureSample + "," + azureSample + "]"))
	if err != nil || len(arr) != 2 {
		t.Errorf("array: %d events, %v", len(arr), err)
	}
}

func TestCreatedRoundTrip(t *testing.T) {
	url := "http://127.0.0.1:10000/devstoreaccount1/inbox-8/nested/pay%20ment.csv"
	ev := Created("devstoreaccount1", "inbox-8", "nested/pay ment.csv", url, 42, time.Now())
	raw, _ := json.Marshal(ev)
	back, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	c, name, ok := back[0].Blob()
	if !ok || !back[0].IsCreated() || c != "inbox-8" || name != "nested/pay ment.csv" || back[0].Data.URL != url {
		t.Errorf("round trip: %q %q %v %+v", c, name, ok, back[0])
	}
	if got := ContainerOf(url, name); got != "inbox-8" {
		t.Errorf("ContainerOf(emulator URL) = %q", got)
	}
}

func TestRejectsWhatIsNotABlobEvent(t *testing.T) {
	for _, msg := range []string{"", "not json", `{"id":"x"}`, `{"subject":"/other/thing"}`} {
		evs, err := Parse([]byte(msg))
		if err == nil {
			if _, _, ok := evs[0].Blob(); ok {
				t.Errorf("Parse(%q) gave a blob", msg)
			}
		}
	}
	if ContainerOf("http://host/.choreo-root", ".choreo-root") != "" || ContainerOf("::", "x") != "" {
		t.Error("ContainerOf found a container where there is none")
	}
}
