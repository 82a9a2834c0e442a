package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func runArgs(args ...string) (string, string, int) {
	e, out, errb := testEnv()
	err := run(context.Background(), args, e)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

func TestVersionAndCompletion(t *testing.T) {
	if out, _, code := runArgs("--version"); code != exitOK || !strings.HasPrefix(out, "choreo ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	for shell, want := range map[string]string{"bash": "__start_choreo", "zsh": "#compdef choreo", "fish": "complete -c choreo"} {
		if out, errs, code := runArgs("completion", shell); code != exitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, no %q in %d bytes; stderr %s", shell, code, want, len(out), errs)
		}
	}
	// What a shell asks while completing `choreo refdata l<TAB>` and `choreo status --tr<TAB>`.
	if out, _, _ := runArgs("__complete", "refdata", "l"); !strings.Contains(out, "load\t") {
		t.Errorf("refdata l<TAB>: %q", out)
	}
	if out, _, _ := runArgs("__complete", "status", "--tr"); !strings.Contains(out, "--tracker\t") {
		t.Errorf("status --tr<TAB>: %q", out)
	}
}

func TestHelpAndUnknownWords(t *testing.T) {
	for _, args := range [][]string{{"status", "-help"}, {"status", "-h"}, {"help", "refdata", "load"}} {
		if out, _, code := runArgs(args...); code != exitOK || !strings.Contains(out, "Usage: choreo ") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	for args, want := range map[string]string{
		"":             "no command given",
		"stauts":       `unknown command "stauts"; did you mean "status"?`,
		"refdata":      `unknown command "refdata"`,
		"refdata lod":  `unknown command "refdata lod"; did you mean "refdata load"?`,
		"help frob":    `no command "frob"`,
		"verify --x y": `verify: unknown flag: --x (choreo verify --help)`,
	} {
		_, errs, code := runArgs(strings.Fields(args)...)
		if code != exitError || !strings.Contains(errs, want) {
			t.Errorf("%q: exit %d, stderr lacks %q:\n%s", args, code, want, errs)
		}
	}
}

// CHOREO_TRACKER_URL is --tracker's default; the flag wins over it.
func TestEnvironmentSetsFlagDefaults(t *testing.T) {
	var asked atomic.Int32
	tracker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Write([]byte(`{"files": [], "count": 0}`))
	}))
	t.Cleanup(tracker.Close)

	t.Setenv(trackerURLEnv, tracker.URL)
	if out, errs, code := runArgs("status"); code != exitOK || asked.Load() != 1 {
		t.Errorf("status with %s set: exit %d, tracker asked %d times\n%s%s", trackerURLEnv, code, asked.Load(), out, errs)
	}
	if _, errs, code := runArgs("status", "--tracker", "http://127.0.0.1:1"); code != exitError || asked.Load() != 1 {
		t.Errorf("--tracker did not win over %s: exit %d, tracker asked %d times\n%s", trackerURLEnv, code, asked.Load(), errs)
	}
	if out, _, _ := runArgs("status", "--help"); !strings.Contains(out, "$"+trackerURLEnv) {
		t.Errorf("status --help does not name %s:\n%s", trackerURLEnv, out)
	}
	t.Setenv(sidecarEnv("validator"), "127.0.0.1:1")
	if out, _, _ := runArgs("refdata", "history", "--help"); !strings.Contains(out, "$CHOREO_VALIDATOR_GRPC or 127.0.0.1:5102") {
		t.Errorf("refdata history --help does not name CHOREO_VALIDATOR_GRPC:\n%s", out)
	}
}
