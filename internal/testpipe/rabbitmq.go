package testpipe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// rabbitAPI calls RabbitMQ's management HTTP API as guest (an administrator, from
// localhost only), as scripts/lib.sh ensure_rabbitmq enables it.
func rabbitAPI(method, path string, body any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://127.0.0.1:15672/api"+path, r)
	if err != nil {
		return err
	}
	req.SetBasicAuth("guest", "guest")
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("rabbitmq %s %s: %s %s", method, path, resp.Status, msg)
	}
	return nil
}

// rabbitVhost creates a virtual host for one pipeline, lets guest use it, and keeps what
// is published to a topic no app reads, as ensure_rabbitmq does on "/" (see there).
func rabbitVhost(vhost string) error {
	v := url.PathEscape(vhost)
	q := url.PathEscape(UnreadQueue)
	for _, call := range []struct {
		method, path string
		body         any
	}{
		{"PUT", "/vhosts/" + v, map[string]any{}},
		{"PUT", "/permissions/" + v + "/guest", map[string]string{"configure": ".*", "write": ".*", "read": ".*"}},
		{"PUT", "/exchanges/" + v + "/" + q, map[string]any{"type": "fanout", "durable": true}},
		{"PUT", "/queues/" + v + "/" + q, map[string]any{"durable": true}},
		{"POST", "/bindings/" + v + "/e/" + q + "/q/" + q, map[string]any{}},
		{"PUT", "/policies/" + v + "/unread-deadletters", map[string]any{"pattern": UnreadPattern, "apply-to": "exchanges",
			"definition": map[string]any{"alternate-exchange": UnreadQueue}}},
	} {
		if err := rabbitAPI(call.method, call.path, call.body); err != nil {
			return err
		}
	}
	return nil
}

// RabbitMQ drops a message published to an exchange that no queue is bound to, and the
// topics only people read (events.Operator: the keeper's and the tracker's dead letters)
// have no subscriber. A policy gives every deadletter.* exchange an alternate exchange
// whose durable queue keeps whatever no subscriber took.
const (
	UnreadPattern = `^deadletter\.`
	UnreadQueue   = "operator.deadletters"
)

// OperatorTopics lists the topics no app consumes: a person reads them.
func OperatorTopics() []string {
	var out []string
	for _, e := range events.Catalog {
		if len(e.Consumers) == 1 && e.Consumers[0] == events.Operator {
			out = append(out, e.Topic)
		}
	}
	return out
}
