package step

import (
	"errors"
	"slices"
	"testing"
)

// What bindings.azure.blobstorage (components-contrib 1.18) answers, as daprd passes it
// on: list gives the SDK's BlobItem values as JSON (names relative to the container, no
// root to strip); get and delete of a missing blob fail with "blob not found"; create
// answers the blob's URL.
func TestAzureBlobAnswers(t *testing.T) {
	list := `[{"Deleted":false,"Name":".choreo-root","Properties":{"Content-Length":0,"BlobType":"BlockBlob"}},` +
		`{"Deleted":false,"Name":"acme-example.csv","Properties":{"Content-Length":524}},` +
		`{"Deleted":false,"Name":"nested/dir.csv","Properties":{}}]`
	names, absolute, err := parseListing([]byte(list))
	if err != nil || absolute || !slices.Equal(names, []string{".choreo-root", "acme-example.csv", "nested/dir.csv"}) {
		t.Errorf("parseListing(azure) = %v, absolute %v, %v", names, absolute, err)
	}
	if names, _, err := parseListing([]byte(`[]`)); err != nil || len(names) != 0 {
		t.Errorf("empty container: %v %v", names, err)
	}
	for _, msg := range []string{
		"rpc error: code = Internal desc = error invoking output binding inbox: blob not found",
		"error when invoke output binding outbox: blob not found",
	} {
		if !isNotFound(errors.New(msg)) {
			t.Errorf("isNotFound(%q) = false", msg)
		}
	}
	if isNotFound(errors.New("error invoking output binding outbox: error uploading az blob: 412 LeaseIdMissing")) {
		t.Error("a refused write counts as not found")
	}
	answer := `{"blobURL":"http://127.0.0.1:10000/devstoreaccount1/inbox-12/.choreo-root","blobName":".choreo-root"}`
	if c := containerOf([]byte(answer)); c != "inbox-12" {
		t.Errorf("containerOf(azure answer) = %q", c)
	}
	if c := containerOf([]byte(`{"fileName":".choreo-root"}`)); c != "" {
		t.Errorf("containerOf(localstorage answer) = %q, want none", c)
	}
}
