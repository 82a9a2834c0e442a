package events

import (
	"slices"
	"strings"

	"github.com/paychoreo/choreography/internal/blobevent"
)

// Entry describes one topic: the contract a newcomer looks up first.
type Entry struct {
	Topic     string
	Payload   any
	Producer  string
	Consumers []string
	Meaning   string
}

// foreign maps the topics whose payload another party defines to their CloudEvent type:
// blob.created is Azure Event Grid's BlobCreated, so it has no schema of ours in
// contracts/ and its type is not paychoreo.<topic>.v1.
var foreign = map[string]string{BlobCreated: blobevent.TypeBlobCreated}

// Foreign says the topic's payload is defined by another party (Event Grid).
func (e Entry) Foreign() bool { return foreign[e.Topic] != "" }

// CloudEventType is the type the topic's events carry.
func (e Entry) CloudEventType() string {
	if t := foreign[e.Topic]; t != "" {
		return t
	}
	return Type(e.Topic)
}

// Catalog lists every topic with its producer and consumers. Apps subscribe through
// step.Subscription values whose topics must appear here as consumed by that app; a test
// checks that the code and this table agree.
var Catalog = []Entry{
	{BlobCreated, blobevent.Data{}, InboxWatch, []string{"intake"},
		"A blob was written to File A Storage: Event Grid's BlobCreated (CloudEvents schema), from Event Grid in Azure, from inbox-watch or `choreo upload` locally. Intake replicas take them as competing consumers; the first-write claim announces each blob once."},
	{FileReceived, Received{}, "intake", []string{"validator", "tracker"},
		"A new File A was claimed (first write wins) and is ready to validate."},
	{FileValidated, Validated{}, "validator", []string{"adaptor", "tracker"},
		"File A passed every rule; its canonical form is staged."},
	{FileRejected, Rejected{}, "validator", []string{"intake", "tracker", "notifier", "reporter"},
		"File A broke business rules; the report is written. Final."},
	{FileAdapted, Adapted{}, "adaptor", []string{"creator", "tracker"},
		"The payments are grouped into batches per debtor account and execution date, staged."},
	{FileCreated, Created{}, "creator", []string{"intake", "tracker", "notifier", "reporter"},
		"File B (pain.001.001.09) is written to the outbox. Final."},
	{FileFailed, Failed{}, "intake", []string{"validator", "adaptor", "creator", "intake", "tracker", "reporter"},
		"A step failed for good on a file: each step undoes its own work; File A goes to quarantine. Final."},
	{"deadletter.validator", DeadLetter{}, "validator", []string{"intake", "tracker"},
		"The validator's sidecar dead-letters an event the validator could not handle."},
	{"deadletter.adaptor", DeadLetter{}, "adaptor", []string{"intake", "tracker"},
		"The adaptor's sidecar dead-letters an event the adaptor could not handle."},
	{"deadletter.creator", DeadLetter{}, "creator", []string{"intake", "tracker"},
		"The creator's sidecar dead-letters an event the creator could not handle."},
	{"deadletter.intake", DeadLetter{}, "intake", []string{"intake", "tracker"},
		"Intake's sidecar dead-letters a final event intake could not file away (it tries once more, then asks a person)."},
	{DeadLetterKeeper, DeadLetter{}, "intake", []string{"operator"},
		"Dead letters the keeper could not record; kept in the broker and logged at ERROR for a person."},
	{"deadletter.tracker", DeadLetter{}, "tracker", []string{"operator"},
		"Events the tracker could not record; no file is affected (the tracker only observes)."},
	{"deadletter.notifier", DeadLetter{}, "notifier", []string{"operator"},
		"File outcomes the notifier could not deliver, or that broke their contract; no file is affected."},
	{"deadletter.reporter", DeadLetter{}, "reporter", []string{"operator"},
		"Final events the reporter could not answer with a pain.002 and an evidence record (a record differing from the one kept, docs/evidence.md); the file's outcome stands, its report or record is missing until a person acts."},
}

// Operator is the consumer name of topics read by people, not apps.
const Operator = "operator"

// Lookup returns the catalog entry of a topic.
func Lookup(topic string) (Entry, bool) {
	for _, e := range Catalog {
		if e.Topic == topic {
			return e, true
		}
	}
	return Entry{}, false
}

// Publishes lists the topics an app may publish; used to build publishingScopes.
func Publishes(app string) []string {
	var out []string
	for _, e := range Catalog {
		if e.Producer == app {
			out = append(out, e.Topic)
		}
	}
	return out
}

// Consumes lists the topics an app subscribes to; used to build subscriptionScopes.
func Consumes(app string) []string {
	var out []string
	for _, e := range Catalog {
		for _, c := range e.Consumers {
			if c == app {
				out = append(out, e.Topic)
			}
		}
	}
	return out
}

// Apps lists every app named in the catalog, producers first, in catalog order.
func Apps() []string {
	var out []string
	add := func(a string) {
		if a != Operator && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, e := range Catalog {
		add(e.Producer)
	}
	for _, e := range Catalog {
		for _, c := range e.Consumers {
			add(c)
		}
	}
	return out
}

// Scopes renders the pub/sub component's publishingScopes and subscriptionScopes values,
// as every profile's pubsub.yaml must carry them.
func Scopes() (publishing, subscription string) { return ScopesOf("pubsub") }

// ScopesOf renders the scopes of one pub/sub component (see PubSubOf): every app with a
// topic on it, with the topics of that component it publishes and consumes.
func ScopesOf(component string) (publishing, subscription string) {
	var pub, sub []string
	for _, a := range Apps() {
		p, s := OnPubSub(component, Publishes(a)), OnPubSub(component, Consumes(a))
		if len(p) == 0 && len(s) == 0 {
			continue
		}
		pub = append(pub, a+"="+strings.Join(p, ","))
		sub = append(sub, a+"="+strings.Join(s, ","))
	}
	return strings.Join(pub, ";"), strings.Join(sub, ";")
}

// OnPubSub keeps the topics that travel on component.
func OnPubSub(component string, topics []string) []string {
	var out []string
	for _, t := range topics {
		if PubSubOf(t) == component {
			out = append(out, t)
		}
	}
	return out
}
