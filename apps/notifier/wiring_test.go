// The notifier is a Node.js app; this Go test holds it to the event catalog as step.Wire
// holds the Go apps: the same topics, each on its component, each with the consumer's
// dead-letter topic.
package notifier

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testsupport/tools"
)

func TestWiringMatchesCatalog(t *testing.T) {
	out := runNode(t, "main.js", "--subscriptions")
	var subs []struct{ PubSub, Topic, DeadLetterTopic string }
	if err := json.Unmarshal(out, &subs); err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, s := range subs {
		topics = append(topics, s.Topic)
		if s.PubSub != events.PubSubOf(s.Topic) || s.DeadLetterTopic != events.DeadLetterTopic("notifier", s.Topic) {
			t.Errorf("%s: component %s, dead letters to %s; the catalog says %s and %s", s.Topic, s.PubSub,
				s.DeadLetterTopic, events.PubSubOf(s.Topic), events.DeadLetterTopic("notifier", s.Topic))
		}
	}
	want := events.Consumes("notifier")
	slices.Sort(topics)
	slices.Sort(want)
	if !slices.Equal(topics, want) {
		t.Errorf("the notifier subscribes to %v, the catalog says it consumes %v", topics, want)
	}
}

// TestNoCallers: the notifier serves nothing through service invocation and its
// callerCheck (lib/http.js) lets no other app in; the catalog must say the same.
func TestNoCallers(t *testing.T) {
	if in := events.InvocationOf("notifier"); len(in.Routes) > 0 || len(in.Callers) > 0 {
		t.Errorf("internal/events.Invocations gives the notifier routes %v and callers %v; lib/http.js serves and allows none", in.Routes, in.Callers)
	}
}

// runNode runs node with args in the notifier's folder and returns what it writes.
func runNode(t *testing.T, args ...string) []byte {
	t.Helper()
	node := tools.Path(t, "node", "node (Node.js 20 or later)")
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("node %s: %v (npm ci in apps/notifier?)", strings.Join(args, " "), err)
	}
	return out
}
