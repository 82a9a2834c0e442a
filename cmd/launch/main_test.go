package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/launch"
)

func TestRunRejectsBadInput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "dapr.yaml")
	bad := filepath.Join(t.TempDir(), "dapr.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\napps: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-f", missing}, "no such file"},
		{[]string{"-f", bad}, "no apps"},
		{[]string{"--port-offset", "x"}, "invalid value"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--resources-path", filepath.Join(t.TempDir(), "none")}, "no folder"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tc.args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestSummary(t *testing.T) {
	got := summary([]launch.AppInfo{{ID: "intake", AppPort: 7001, HTTPPort: 3501}, {ID: "validator", AppPort: 7002, HTTPPort: 3502}})
	want := "launch: 2 apps healthy: intake(:7001, dapr :3501) validator(:7002, dapr :3502)"
	if got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestAFailureIsPrefixedOnce(t *testing.T) {
	for _, err := range []error{errors.New("launch: no app \"x\" in this run"), errors.New("no app \"x\" in this run")} {
		if got := failure(err); got != `launch: no app "x" in this run` {
			t.Errorf("failure(%q) = %q", err, got)
		}
	}
}
