package validation

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/paymentfile"
)

func TestReportCSV(t *testing.T) {
	ref := events.FileRef{FileID: "f-1", Blob: "=evil.csv"}
	vs := []paymentfile.Violation{{Line: 1, Field: "sender_id", Code: "SENDER_INACTIVE", Message: "sender X is not active"},
		{Line: 3, Field: "amount", Code: "INVALID_AMOUNT", Message: "-1"}}
	rows, err := csv.NewReader(bytes.NewReader(Report(ref, "v7", vs))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("report: %v, %d rows", err, len(rows))
	}
	if want := []string{"file_id", "blob", "line", "field", "code", "message", "refdata_version"}; !slices.Equal(rows[0], want) {
		t.Errorf("header %q, want %q", rows[0], want)
	}
	// Columns by position as readers take them; the version last on every row.
	if r := rows[1]; r[1] != "'=evil.csv" || r[2] != "1" || r[3] != "sender_id" || r[4] != "SENDER_INACTIVE" || r[6] != "v7" {
		t.Errorf("row 1: %q", r)
	}
	if r := rows[2]; r[5] != "'-1" || r[6] != "v7" {
		t.Errorf("row 2: %q", r)
	}
	rows, _ = csv.NewReader(bytes.NewReader(Report(ref, "", vs[:1]))).ReadAll()
	if len(rows) != 2 || rows[1][6] != "" {
		t.Errorf("a report without a version: %q", rows)
	}
}
