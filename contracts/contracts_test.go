package contracts

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
)

// businessTopics are the catalog's topics with a payload of their own; a dead-letter
// topic carries the original event, which its own schema covers, and a foreign topic
// (blob.created) carries a payload Azure Event Grid defines.
func businessTopics() []string {
	var out []string
	for _, e := range events.Catalog {
		if !strings.HasPrefix(e.Topic, "deadletter.") && !e.Foreign() {
			out = append(out, e.Topic)
		}
	}
	sort.Strings(out)
	return out
}

func TestEveryEventHasASchema(t *testing.T) {
	if got, want := Topics(), businessTopics(); !slices.Equal(got, want) {
		t.Errorf("schemas for %v\nevents in the catalog %v", got, want)
	}
	for _, topic := range Topics() {
		if _, err := schema(topic, events.Version); err != nil {
			t.Error(err)
		}
	}
}

// TestSchemasMatchPayloads checks each schema against its Go payload struct: the same
// fields at every level (nested objects and list items included), every field without
// omitempty required, nothing else allowed, the JSON types agreeing.
func TestSchemasMatchPayloads(t *testing.T) {
	for _, topic := range businessTopics() {
		e, _ := events.Lookup(topic)
		raw, err := Raw(topic, events.Version)
		if err != nil {
			t.Error(err)
			continue
		}
		var s node
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("%s: %v", topic, err)
		}
		compare(t, topic, s, reflect.TypeOf(e.Payload))
	}
}

type node struct {
	Type                 string          `json:"type"`
	Properties           map[string]node `json:"properties"`
	Required             []string        `json:"required"`
	AdditionalProperties *bool           `json:"additionalProperties"`
	Items                *node           `json:"items"`
}

type field struct {
	typ      reflect.Type
	required bool
}

func fieldsOf(t reflect.Type, out map[string]field) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			fieldsOf(f.Type, out)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		out[name] = field{f.Type, !strings.Contains(opts, "omitempty")}
	}
}

func compare(t *testing.T, at string, s node, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ.Name() == "Amount" || typ.Kind() == reflect.String:
		want(t, at, s.Type, "string")
	case typ.Kind() == reflect.Int || typ.Kind() == reflect.Int64:
		want(t, at, s.Type, "integer")
	case typ.Kind() == reflect.Slice:
		want(t, at, s.Type, "array")
		if s.Items == nil {
			t.Errorf("%s: array without items", at)
			return
		}
		compare(t, at+"[]", *s.Items, typ.Elem())
	case typ.Kind() == reflect.Struct:
		want(t, at, s.Type, "object")
		if s.AdditionalProperties == nil || *s.AdditionalProperties {
			t.Errorf("%s: additionalProperties must be false", at)
		}
		fields := map[string]field{}
		fieldsOf(typ, fields)
		for name, f := range fields {
			p, ok := s.Properties[name]
			if !ok {
				t.Errorf("%s: field %s of %s is not in the schema", at, name, typ.Name())
				continue
			}
			if f.required != slices.Contains(s.Required, name) {
				t.Errorf("%s: field %s required in Go %v, in the schema %v", at, name, f.required, !f.required)
			}
			compare(t, at+"."+name, p, f.typ)
		}
		for name := range s.Properties {
			if _, ok := fields[name]; !ok {
				t.Errorf("%s: schema property %s is not a field of %s", at, name, typ.Name())
			}
		}
	default:
		t.Errorf("%s: no JSON mapping for Go type %s", at, typ)
	}
}

func want(t *testing.T, at, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: schema type %q, want %q", at, got, want)
	}
}

func TestValidateCatchesBrokenPayloads(t *testing.T) {
	good := `{"order_id":"o-0123456789abcdef0123","customer":{"id":"C-1","name":"Ada","email":"ada@example.org"},` +
		`"items":[{"sku":"BOOK-1","quantity":2,"unit_price":"12.50"}],"currency":"EUR","total":"25.00","created_at":"2026-11-25T08:00:00Z"}`
	if err := Validate(events.OrderCreated, []byte(good)); err != nil {
		t.Fatalf("a valid order.created is refused: %v", err)
	}
	for name, bad := range map[string]string{
		"amount as a number": strings.Replace(good, `"unit_price":"12.50"`, `"unit_price":12.5`, 1),
		"negative total":     strings.Replace(good, `"total":"25.00"`, `"total":"-25.00"`, 1),
		"zero quantity":      strings.Replace(good, `"quantity":2`, `"quantity":0`, 1),
		"unknown field":      strings.Replace(good, `"currency"`, `"coupon":"X","currency"`, 1),
		"missing customer":   strings.Replace(good, `"customer":{"id":"C-1","name":"Ada","email":"ada@example.org"},`, ``, 1),
		"not a time":         strings.Replace(good, `2026-11-25T08:00:00Z`, `yesterday`, 1),
		"no items":           strings.Replace(good, `[{"sku":"BOOK-1","quantity":2,"unit_price":"12.50"}]`, `[]`, 1),
		"null list":          strings.Replace(good, `[{"sku":"BOOK-1","quantity":2,"unit_price":"12.50"}]`, `null`, 1),
	} {
		if err := Validate(events.OrderCreated, []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := Validate("no.such.topic", []byte(good)); err == nil {
		t.Error("a topic without a schema validates")
	}
}
