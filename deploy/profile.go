// Package deploy turns the Azure profile (components/azure), the run file (dapr.yaml) and
// the event catalog (internal/events) into what Azure Container Apps deploys: the Dapr
// components and resiliency policies in Container Apps' own schema, the Service Bus
// topology, the storage entities, each app's access and scale rules
// (infra/generated/aca.json, which the Bicep reads), a Dockerfile per app and azd's files.
// cmd/acagen writes them; check_test.go fails when they are out of date or when
// components/azure disagrees with components/local.
package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Component is a Dapr component file of a profile.
type Component struct {
	File     string `yaml:"-"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Type         string `yaml:"type"`
		Version      string `yaml:"version"`
		IgnoreErrors bool   `yaml:"ignoreErrors"`
		InitTimeout  string `yaml:"initTimeout"`
		Metadata     []Item `yaml:"metadata"`
	} `yaml:"spec"`
	Scopes []string `yaml:"scopes"`
}

// Item is one metadata entry: a plain value, a value read from the sidecar's environment
// (envRef) or a reference into a secret store (which the Azure profile never uses).
type Item struct {
	Name         string     `yaml:"name"`
	Value        string     `yaml:"value"`
	EnvRef       string     `yaml:"envRef"`
	SecretKeyRef *SecretRef `yaml:"secretKeyRef"`
}

// SecretRef is a metadata value held in a secret store.
type SecretRef struct {
	Name string `yaml:"name"`
	Key  string `yaml:"key"`
}

// Name is the component's name, the contract with the code (internal/step).
func (c *Component) Name() string { return c.Metadata.Name }

// Meta returns the metadata entry called name.
func (c *Component) Meta(name string) (Item, bool) {
	for _, it := range c.Spec.Metadata {
		if it.Name == name {
			return it, true
		}
	}
	return Item{}, false
}

// Value returns a plain metadata value ("" when absent or not plain).
func (c *Component) Value(name string) string {
	it, _ := c.Meta(name)
	return it.Value
}

// ScopedTo reports whether app may use the component (no scopes: every app).
func (c *Component) ScopedTo(app string) bool {
	if len(c.Scopes) == 0 {
		return true
	}
	for _, s := range c.Scopes {
		if s == app {
			return true
		}
	}
	return false
}

// Resiliency is a Dapr Resiliency resource: named policies and the targets using them.
type Resiliency struct {
	File     string `yaml:"-"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Scopes []string `yaml:"scopes"`
	Spec   struct {
		Policies struct {
			Timeouts        map[string]string         `yaml:"timeouts"`
			Retries         map[string]RetryPolicy    `yaml:"retries"`
			CircuitBreakers map[string]CircuitBreaker `yaml:"circuitBreakers"`
		} `yaml:"policies"`
		Targets struct {
			Components map[string]ComponentTarget `yaml:"components"`
		} `yaml:"targets"`
	} `yaml:"spec"`
}

// RetryPolicy is a named Dapr retry policy.
type RetryPolicy struct {
	Policy          string `yaml:"policy"`
	Duration        string `yaml:"duration"`
	InitialInterval string `yaml:"initialInterval"`
	MaxInterval     string `yaml:"maxInterval"`
	MaxRetries      *int   `yaml:"maxRetries"`
}

// CircuitBreaker is a named Dapr circuit breaker.
type CircuitBreaker struct {
	MaxRequests int    `yaml:"maxRequests"`
	Interval    string `yaml:"interval"`
	Timeout     string `yaml:"timeout"`
	Trip        string `yaml:"trip"`
}

// ComponentTarget binds policies to a component's inbound and outbound calls.
type ComponentTarget struct {
	Inbound  *PolicyRefs `yaml:"inbound"`
	Outbound *PolicyRefs `yaml:"outbound"`
}

// PolicyRefs names the policies of one direction.
type PolicyRefs struct {
	Timeout        string `yaml:"timeout"`
	Retry          string `yaml:"retry"`
	CircuitBreaker string `yaml:"circuitBreaker"`
}

// Profile is one folder of components/: its components (sorted by name) and its
// resiliency resource.
type Profile struct {
	Dir        string
	Components []*Component
	Resiliency *Resiliency
}

// Component returns the profile's component called name.
func (p *Profile) Component(name string) *Component {
	for _, c := range p.Components {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

// LoadProfile reads every YAML file of dir: Component and Resiliency resources; any
// other kind is an error, so that nothing in a profile goes unchecked.
func LoadProfile(dir string) (*Profile, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("profile %s: no YAML files", dir)
	}
	p := &Profile{Dir: dir}
	seen := map[string]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var head struct {
			Kind string `yaml:"kind"`
		}
		if err := yaml.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		switch head.Kind {
		case "Component":
			c := &Component{File: f}
			if err := strictDecode(raw, c); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			if prev, dup := seen[c.Name()]; dup {
				return nil, fmt.Errorf("%s: component %q is also defined in %s", f, c.Name(), prev)
			}
			seen[c.Name()] = f
			p.Components = append(p.Components, c)
		case "Resiliency":
			if p.Resiliency != nil {
				return nil, fmt.Errorf("%s: a second Resiliency resource (first: %s)", f, p.Resiliency.File)
			}
			r := &Resiliency{File: f}
			if err := strictDecode(raw, r); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			p.Resiliency = r
		default:
			return nil, fmt.Errorf("%s: kind %q is neither Component nor Resiliency", f, head.Kind)
		}
	}
	sort.Slice(p.Components, func(i, j int) bool { return p.Components[i].Name() < p.Components[j].Name() })
	return p, nil
}

// strictDecode decodes one YAML document; fields outside apiVersion, kind and the
// struct's own are errors (a typo in a metadata entry must not pass unnoticed).
func strictDecode(raw []byte, v any) error {
	var doc map[string]yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return err
	}
	delete(doc, "apiVersion")
	delete(doc, "kind")
	rest, err := yaml.Marshal(doc)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(rest))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// envName turns an app id into the part of an environment variable name azd uses.
func envName(app string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(app))
}
