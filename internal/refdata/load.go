package refdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Table is the shape of the reference file shipped in refdata/.
type Table struct {
	Senders []Sender `json:"senders"`
}

// ReadTable parses and checks a reference file, reporting every problem at once.
func ReadTable(r io.Reader) (*Table, error) {
	var t Table
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("refdata: parse: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, s := range t.Senders {
		if s.ID == "" {
			errs = append(errs, fmt.Errorf("refdata: sender %d has no id", i+1))
		}
		if seen[s.ID] {
			errs = append(errs, fmt.Errorf("refdata: sender %q appears twice", s.ID))
		}
		seen[s.ID] = true
		if len(s.Accounts) == 0 {
			errs = append(errs, fmt.Errorf("refdata: sender %q has no accounts", s.ID))
		}
	}
	if len(t.Senders) == 0 {
		errs = append(errs, errors.New("refdata: no senders"))
	}
	return &t, errors.Join(errs...)
}
