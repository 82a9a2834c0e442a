package step

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestLoggerMasksIBANs: an IBAN reaches no log line, in the message, a string value, an
// error or an attribute given once to the logger; the ids the lines carry stay whole.
func TestLoggerMasksIBANs(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "validator", "info").With("account", "NL91ABNA0417164300")
	err := fmt.Errorf("write report: %w", errors.New(`debtor_iban "DE89370400440532013001" refused`))
	log.Info("paid to DE89370400440532013000", "creditor_iban", "FR1420041010050500013M02606", "error", err,
		"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "file_id", "f-69c66299f42987bb70f68e4f")
	out := buf.String()
	for _, leak := range []string{"NL91ABNA0417164300", "DE89370400440532013001", "DE89370400440532013000", "FR1420041010050500013M02606"} {
		if strings.Contains(out, leak) {
			t.Errorf("log holds %s: %s", leak, out)
		}
	}
	for _, want := range []string{"NL91…4300", "DE89…3001", "DE89…3000", "FR14…2606", "4bf92f3577b34da6a3ce929d0e0e4736", "f-69c66299f42987bb70f68e4f"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s: %s", want, out)
		}
	}
}
