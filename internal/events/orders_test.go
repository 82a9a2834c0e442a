package events

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport"
)

// TestOrdersBusMatchesCatalog checks every profile's orders bus: a public announcement
// bus (no app scopes, no subscriptionScopes: any app may subscribe, so a service joins
// without a change here), on which every app the catalog knows may publish exactly the
// topics it owns and its dead-letter topic.
func TestOrdersBusMatchesCatalog(t *testing.T) {
	files := testsupport.Glob(t, "components/*/orders.yaml")
	want, _ := ScopesOf(OrdersPubSub)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(raw)
		if !strings.Contains(s, "  name: "+OrdersPubSub+"\n") {
			t.Errorf("%s: the component is not named %s", f, OrdersPubSub)
		}
		if !strings.Contains(s, `"`+want+`"`) {
			t.Errorf("%s: publishingScopes differ from the catalog; they should read\n%q", f, want)
		}
		for _, key := range []string{"subscriptionScopes", "protectedTopics", "allowedTopics"} {
			if regexp.MustCompile(`name: ` + key + `\b`).MatchString(s) {
				t.Errorf("%s: %s would shut newcomers out of the public bus", f, key)
			}
		}
		if regexp.MustCompile(`(?m)^scopes:`).MatchString(s) {
			t.Errorf("%s: app scopes would shut newcomers out of the public bus", f)
		}
	}
}

func TestEveryTopicLivesOnOneBus(t *testing.T) {
	for _, e := range Catalog {
		bus := PubSubOf(e.Topic)
		if strings.HasPrefix(e.Topic, "file.") && bus != "pubsub" || strings.HasPrefix(e.Topic, "order.") && bus != OrdersPubSub {
			t.Errorf("%s on %s", e.Topic, bus)
		}
		for _, c := range e.Consumers {
			if c == Operator {
				continue
			}
			if dl := DeadLetterTopic(c, e.Topic); PubSubOf(dl) != bus {
				t.Errorf("%s: %s's dead-letter topic %s is on %s, the topic on %s", e.Topic, c, dl, PubSubOf(dl), bus)
			}
		}
	}
}
