package events

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport"
)

var update = flag.Bool("update", false, "rewrite docs/events.md")

func TestEventsDoc(t *testing.T) {
	testsupport.Golden(t, testsupport.Path(t, "docs/events.md"), []byte(Markdown()), *update,
		"go test ./internal/events -run TestEventsDoc -update")
}

// TestComponentsMatchCatalog checks that every profile's pub/sub component lets each app
// publish exactly its own topics (and its dead letters) and subscribe to exactly the
// topics the catalog says it consumes.
func TestComponentsMatchCatalog(t *testing.T) {
	for _, f := range testsupport.Glob(t, "components/*/pubsub.yaml") {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wantPub, wantSub := Scopes()
		if !strings.Contains(string(raw), `"`+wantPub+`"`) || !strings.Contains(string(raw), `"`+wantSub+`"`) {
			t.Errorf("%s: scopes differ from the catalog; they should read\npublishingScopes: %q\nsubscriptionScopes: %q", f, wantPub, wantSub)
		}
		pub := scopes(t, string(raw), "publishingScopes")
		sub := scopes(t, string(raw), "subscriptionScopes")
		for _, app := range Apps() {
			want := OnPubSub("pubsub", Publishes(app))
			if !sameSet(pub[app], want) {
				t.Errorf("%s: publishingScopes of %s = %v, want %v", f, app, pub[app], want)
			}
			if consumes := OnPubSub("pubsub", Consumes(app)); !sameSet(sub[app], consumes) {
				t.Errorf("%s: subscriptionScopes of %s = %v, want %v", f, app, sub[app], consumes)
			}
		}
	}
}

// TestEveryTopicHasOneProducerAndAConsumer guards the catalog itself.
func TestEveryTopicHasOneProducerAndAConsumer(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Catalog {
		if seen[e.Topic] || e.Producer == "" || len(e.Consumers) == 0 {
			t.Errorf("topic %s: duplicate, or without producer or consumers", e.Topic)
		}
		seen[e.Topic] = true
	}
}

func scopes(t *testing.T, yaml, key string) map[string][]string {
	m := regexp.MustCompile(`name: ` + key + `\s+value: "([^"]*)"`).FindStringSubmatch(yaml)
	if m == nil {
		t.Fatalf("no %s", key)
	}
	out := map[string][]string{}
	for _, part := range strings.Split(m[1], ";") {
		app, topics, _ := strings.Cut(part, "=")
		out[app] = nil // "app=": the app may use no topic at all
		if topics != "" {
			out[app] = strings.Split(topics, ",")
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
