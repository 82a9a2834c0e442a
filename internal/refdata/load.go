package refdata

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Table is the shape of the reference file shipped in refdata/.
type Table struct {
	Senders []Sender `json:"senders"`
}

// ReadFile reads the reference file at path (ReadTable). An error opening it is
// os.Open's; an error in its content is ReadTable's *Refusal, as it is.
func ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadTable(f)
}

// ReadTable parses and checks a reference file. A file that breaks any rule (Check) is
// refused whole: the error is a *Refusal listing every reason.
func ReadTable(r io.Reader) (*Table, error) {
	var t Table
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, &Refusal{Reasons: []string{fmt.Sprintf("not a reference file: %v", err)}}
	}
	if err := Check(&t); err != nil {
		return &t, err
	}
	return &t, nil
}

// sender finds a sender by id; nil when the table has none.
func (t *Table) sender(id string) *Sender {
	for i := range t.Senders {
		if t.Senders[i].ID == id {
			return &t.Senders[i]
		}
	}
	return nil
}

// clone copies a table deeply enough to change its rows and accounts.
func (t *Table) clone() *Table {
	c := &Table{Senders: make([]Sender, len(t.Senders))}
	for i, s := range t.Senders {
		s.Accounts = append([]Account(nil), s.Accounts...)
		c.Senders[i] = s
	}
	return c
}
