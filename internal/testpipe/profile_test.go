package testpipe

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type resource struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Type string `yaml:"type"`
	} `yaml:"spec"`
	Scopes []string `yaml:"scopes"`
}

func loadProfile(t *testing.T, dir string) map[string]resource {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	out := map[string]resource{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r resource
		if err := yaml.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[r.Kind+" "+r.Metadata.Name] = r
	}
	return out
}

// profileOwn lists, per profile, the component files that differ from components/local:
// what the profile swaps. Every other file must be a copy of local's.
var profileOwn = map[string][]string{
	"azurite":  {"inbox", "rejected", "archive", "staging", "outbox", "quarantine", "scan-inbox", "evidence", "reports"},
	"rabbitmq": {"pubsub"},
}

// TestProfilesMatchLocal keeps every profile a swap of component YAML alone: the same
// component names, each scoped to the same apps, as components/local, and every file the
// profile does not swap a copy of local's. A change to components/local must be made to
// every profile too (the failure says what to copy).
func TestProfilesMatchLocal(t *testing.T) {
	local := loadProfile(t, filepath.Join(Root, "components", "local"))
	for profile, own := range profileOwn {
		got := loadProfile(t, filepath.Join(Root, "components", profile))
		for key, want := range local {
			r, ok := got[key]
			if !ok {
				t.Errorf("components/%s lacks %s (components/local has it)", profile, key)
				continue
			}
			if !slices.Equal(r.Scopes, want.Scopes) {
				t.Errorf("components/%s: %s scoped to %v, local to %v", profile, key, r.Scopes, want.Scopes)
			}
		}
		for key := range got {
			if _, ok := local[key]; !ok && !slices.Contains(own, strings.Fields(key)[1]) {
				t.Errorf("components/%s has %s, which local has not", profile, key)
			}
		}
		files, _ := filepath.Glob(filepath.Join(Root, "components", "local", "*.yaml"))
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".yaml")
			if slices.Contains(own, name) {
				continue
			}
			a, _ := os.ReadFile(f)
			b, _ := os.ReadFile(filepath.Join(Root, "components", profile, name+".yaml"))
			if string(a) != string(b) {
				t.Errorf("components/%s/%s.yaml differs from local's, and the profile does not swap it: cp components/local/%s.yaml components/%s/",
					profile, name, name, profile)
			}
		}
	}
}

// TestProfilesLeaveNoTopicUnread checks that every topic only people read is kept on
// RabbitMQ (which drops what is published to an exchange no queue is bound to): the
// policy of scripts/lib.sh and of the tests' vhosts covers it.
func TestProfilesLeaveNoTopicUnread(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(Root, "scripts", "lib.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"pattern":"`+strings.ReplaceAll(UnreadPattern, `\`, `\\`)+`"`) ||
		!strings.Contains(string(raw), UnreadQueue) {
		t.Errorf("scripts/lib.sh ensure_rabbitmq does not set the policy %s -> %s", UnreadPattern, UnreadQueue)
	}
	re := regexp.MustCompile(UnreadPattern)
	for _, topic := range OperatorTopics() {
		if !re.MatchString(topic) {
			t.Errorf("topic %s is read by people only, but RabbitMQ's policy %s does not keep it", topic, UnreadPattern)
		}
	}
}

func TestRewriteGivesEachPipelineItsOwnNames(t *testing.T) {
	p := &Pipeline{Profile: "azurite", prof: profileState{tag: "42-9"}}
	in := "    - name: containerName\n      value: \"inbox\"\n    - name: queueName\n      value: \"blob-events\"\n"
	if got := p.rewrite(in); !strings.Contains(got, `"inbox-42-9"`) || !strings.Contains(got, `"blob-events-42-9"`) {
		t.Errorf("azurite rewrite:\n%s", got)
	}
	p = &Pipeline{Profile: "rabbitmq", prof: profileState{vhost: "choreo-test-42-9"}}
	if got := p.rewrite(`value: "amqp://guest:guest@localhost:5672"`); got != `value: "amqp://guest:guest@127.0.0.1:5672/choreo-test-42-9"` {
		t.Errorf("rabbitmq rewrite: %s", got)
	}
	t.Setenv("CHOREO_PROFILES", "local, rabbitmq")
	if got := Profiles(); !slices.Equal(got, []string{"local", "rabbitmq"}) {
		t.Errorf("Profiles() = %v", got)
	}
}
