package events

import (
	"fmt"
	"reflect"
	"strings"
)

// Markdown renders the catalog as docs/events.md: the page a newcomer reads to learn who
// publishes and who consumes each event. TestEventsDoc keeps the committed page equal.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Events\n\n")
	b.WriteString("Generated from `internal/events` (`go test ./internal/events -run TestEventsDoc -update`); do not edit by hand.\n\n")
	b.WriteString("File events travel on the `pubsub` component as CloudEvents whose `id` is `<file_id>/<topic>` ")
	b.WriteString("(the same on every redelivery and every retried publish) and whose `type` is `paychoreo.<topic>.v1`. ")
	b.WriteString("Payloads carry references to blobs, never file contents. Amounts are decimal strings.\n\n")
	b.WriteString("Order events travel on the `orders` component, a public announcement bus ([orders.md](orders.md)), ")
	b.WriteString("with the id `<order_id>/<topic>`; `order.created` alone leaves through the order store's ")
	b.WriteString("transactional outbox, which gives it Dapr's own id (the same on every redelivery) and the order id as `subject`. ")
	b.WriteString("Every payload has a JSON Schema: `contracts/<topic>.v1.schema.json`.\n\n")
	b.WriteString("| topic | version | component | producer | consumers | dead-letter topics | meaning |\n|---|---|---|---|---|---|---|\n")
	for _, e := range Catalog {
		var dl []string
		for _, c := range e.Consumers {
			dl = append(dl, "`"+DeadLetterTopic(c, e.Topic)+"`")
		}
		fmt.Fprintf(&b, "| `%s` | %d | `%s` | %s | %s | %s | %s |\n", e.Topic, Version, PubSubOf(e.Topic), e.Producer,
			strings.Join(e.Consumers, ", "), strings.Join(dl, ", "), e.Meaning)
	}
	b.WriteString("\nA consumer's dead-letter topic receives the messages it failed on after its retries ")
	b.WriteString("(see `components/local/resiliency.yaml`) or at once for a permanent failure.\n")
	invocations(&b)
	for _, e := range Catalog {
		fmt.Fprintf(&b, "\n## `%s`\n\n%s\n\nType `%s`. Published by **%s**; consumed by **%s**.\n\n| field | type |\n|---|---|\n",
			e.Topic, e.Meaning, e.CloudEventType(), e.Producer, strings.Join(e.Consumers, "**, **"))
		fields(&b, reflect.TypeOf(e.Payload))
	}
	return b.String()
}

func fields(b *strings.Builder, t reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			fields(b, f.Type)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		fmt.Fprintf(b, "| `%s` | %s |\n", name, typeName(f.Type))
	}
}

func typeName(t reflect.Type) string {
	switch {
	case t.Name() == "Amount":
		return "decimal string"
	case t.Kind() == reflect.Slice:
		return "list of " + typeName(t.Elem())
	case t.Kind() == reflect.Struct:
		var parts []string
		for i := 0; i < t.NumField(); i++ {
			n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			parts = append(parts, n)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return t.Kind().String()
}

// invocations renders Invocations: who may call whom through service invocation.
func invocations(b *strings.Builder) {
	b.WriteString("\n## Service invocation\n\nThe apps talk to each other by events only. What an app serves through Dapr service invocation ")
	b.WriteString("is called by people and tools through that app's own sidecar; another app may call it only if named here. ")
	b.WriteString("Its sidecar refuses every other app (`config/local.yaml`, `accessControl`), and so does the app itself ")
	b.WriteString("(403 for a `dapr-caller-app-id` it does not allow), which is all there is on Container Apps. Apps not listed serve nothing.\n\n")
	b.WriteString("| app | routes | other apps that may call it | who calls it |\n|---|---|---|---|\n")
	for _, in := range Invocations {
		callers := "none"
		if len(in.Callers) > 0 {
			callers = strings.Join(in.Callers, ", ")
		}
		fmt.Fprintf(b, "| %s | `%s` | %s | %s |\n", in.App, strings.Join(in.Routes, "`, `"), callers, in.Meaning)
	}
}
