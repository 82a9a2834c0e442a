// Package contracts holds the JSON Schema of every event payload of both choreographies,
// one file per topic and version (<topic>.v<version>.schema.json, draft 2020-12), and
// validates payloads against them. The Go payload structs (internal/events) and these
// files are checked against each other (TestSchemasMatchPayloads); the notifier (Node.js)
// validates what it receives against the same files.
package contracts

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.schema.json
var files embed.FS

// File names a topic's schema file for a version.
func File(topic string, version int) string {
	return fmt.Sprintf("%s.v%d.schema.json", topic, version)
}

// Raw returns the text of a topic's schema.
func Raw(topic string, version int) ([]byte, error) { return files.ReadFile(File(topic, version)) }

// Topics lists the topics that have a schema of version 1, sorted.
func Topics() []string {
	names, _ := fs.Glob(files, "*.v1.schema.json")
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, strings.TrimSuffix(n, ".v1.schema.json"))
	}
	sort.Strings(out)
	return out
}

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// schema compiles (once) a topic's schema, asserting formats (date-time).
func schema(topic string, version int) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	name := File(topic, version)
	if s, ok := compiled[name]; ok {
		return s, nil
	}
	raw, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("contracts: no schema for %s v%d", topic, version)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("contracts: %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		return nil, fmt.Errorf("contracts: %s: %w", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		return nil, fmt.Errorf("contracts: %s: %w", name, err)
	}
	compiled[name] = s
	return s, nil
}

// Validate checks a payload (JSON) against its topic's version 1 schema.
func Validate(topic string, payload []byte) error {
	s, err := schema(topic, 1)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("%s payload is not JSON: %w", topic, err)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("%s payload breaks %s: %w", topic, File(topic, 1), err)
	}
	return nil
}
