package mask

import (
	"bytes"
	"encoding/json"
	"slices"
)

// JSON masks an event's payload for keeping where people read it (a dead-letter
// record): the message of every violation ({"field": ..., "message": ...}) by Message,
// every other string by Text, except the values of the keys in keep, which a caller needs
// exact. A payload that is not JSON is masked as text.
func JSON(raw []byte, keep ...string) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers stay as they were written
	var v any
	if err := dec.Decode(&v); err != nil {
		return []byte(Text(string(raw)))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(walk(v, keep)); err != nil {
		return []byte(Text(string(raw)))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func walk(v any, keep []string) any {
	switch x := v.(type) {
	case string:
		return Text(x)
	case []any:
		for i := range x {
			x[i] = walk(x[i], keep)
		}
	case map[string]any:
		field, isViolation := x["field"].(string)
		for k, e := range x {
			msg, isString := e.(string)
			switch {
			case isString && slices.Contains(keep, k):
			case isString && k == "message" && isViolation:
				x[k] = Message(field, msg)
			default:
				x[k] = walk(e, keep)
			}
		}
	}
	return v
}
