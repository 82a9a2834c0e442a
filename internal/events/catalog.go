package events

// Entry describes one topic: the contract a newcomer looks up first.
type Entry struct {
	Topic     string
	Payload   any
	Producer  string
	Consumers []string
	Meaning   string
}

// Catalog lists every topic with its producer and consumers. Apps subscribe through
// step.Subscription values whose topics must appear here as consumed by that app; a test
// checks that the code and this table agree.
var Catalog = []Entry{
	{FileReceived, Received{}, "intake", []string{"validator"},
		"A new File A was claimed (first write wins) and is ready to validate."},
	{FileValidated, Validated{}, "validator", []string{"adaptor"},
		"File A passed every rule; its canonical form is staged."},
	{FileRejected, Rejected{}, "validator", []string{"intake"},
		"File A broke business rules; the report is written. Final."},
	{FileAdapted, Adapted{}, "adaptor", []string{"creator"},
		"The payments are grouped into batches per debtor account and execution date, staged."},
	{FileCreated, Created{}, "creator", []string{"intake"},
		"File B (pain.001.001.09) is written to the outbox. Final."},
}

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
