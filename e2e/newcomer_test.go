package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/runfile"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestAddAServiceWithoutTouchingTheOthers proves the fan-out's promise: a service is
// added to the running choreography by adding its app and nothing else, and removed as
// cleanly. The newcomer (e2e/testdata/loyalty: its code, its run file, its resiliency
// policy) starts beside the running apps on the public orders bus. While it runs and after
// it left: every file that defines the choreography is byte for byte the same (run file,
// components, configuration, apps, event catalog, contracts), the running apps are the
// same processes with the same components and subscriptions, and the same orders end the
// same way. The newcomer receives every event of the bus, once.
func TestAddAServiceWithoutTouchingTheOthers(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	o := ordersOf(t, p)
	files, running := projectFiles(t), runningApps(t, p)
	baseline := scenarios(o, "before")

	// Add: the newcomer's own run file and resources, the project's components as they are.
	dir := filepath.Join(testpipe.Root, "e2e", "testdata", "loyalty")
	bin := filepath.Join(t.TempDir(), "loyalty")
	if out, err := exec.Command("go", "build", "-o", bin, dir).CombinedOutput(); err != nil {
		t.Fatalf("build the newcomer: %v\n%s", err, out)
	}
	rf, err := runfile.Load(filepath.Join(dir, "dapr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rf.Apps[0].Command = []string{bin}
	daprd, _ := launch.FindDaprd(testpipe.Root)
	logs := &lockedBuffer{}
	newcomer, err := launch.Start(context.Background(), rf, launch.Options{
		DaprdPath: daprd, PortOffset: p.Runs[0].Apps()[0].AppPort - 7001, LogWriter: logs,
		// The pipeline's copy of components/local (pointed at its Redis database), and the
		// newcomer's own resiliency: what its run file names, for this pipeline.
		ResourcesPaths: []string{p.Resources, filepath.Join(dir, "resources")},
	})
	if err != nil {
		t.Fatalf("start the newcomer: %v", err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			newcomer.Stop()
		}
		if t.Failed() {
			t.Logf("newcomer logs:\n%s", testpipe.Tail(logs.String(), 100))
		}
	})
	info, _ := newcomer.App("loyalty")

	t.Run("the flows keep their results while it runs", func(t *testing.T) {
		if got := scenarios(o, "with"); !slices.Equal(got, baseline) {
			t.Errorf("with the newcomer: %v\nbefore it: %v", got, baseline)
		}
	})
	t.Run("it receives every event of the bus, once", func(t *testing.T) {
		want := map[string][]string{}
		for _, topic := range orderTopics() {
			for _, ce := range p.Stream(topic) {
				if !slices.Contains(want[topic], ce.ID) {
					want[topic] = append(want[topic], ce.ID)
				}
			}
			sort.Strings(want[topic])
		}
		var got struct {
			Received map[string][]string `json:"received"`
			Points   map[string]int64    `json:"points"`
		}
		p.Eventually(time.Minute, "the newcomer has every event", func() bool {
			req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/received", info.AppPort), nil)
			req.Header.Set("dapr-api-token", info.Tokens.App)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return false
			}
			defer resp.Body.Close()
			if json.NewDecoder(resp.Body).Decode(&got) != nil {
				return false
			}
			for topic := range got.Received {
				sort.Strings(got.Received[topic])
			}
			return fmt.Sprint(got.Received) == fmt.Sprint(want)
		})
		// Two confirmed orders of C-1 (before it came, and while it ran): 28.60 each.
		if got.Points["C-1"] != 56 {
			t.Errorf("points %v, want 56 for C-1", got.Points)
		}
	})
	t.Run("nothing else changed", func(t *testing.T) {
		if diff := compare(files, projectFiles(t)); diff != "" {
			t.Errorf("a project file changed: %s", diff)
		}
		if diff := compare(running, runningApps(t, p)); diff != "" {
			t.Errorf("the running apps changed: %s", diff)
		}
	})

	// Remove: stop it. What it leaves is its own consumer group on the bus's streams,
	// which an operator deletes (docs/orders.md); nobody else's changes.
	if err := newcomer.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped = true
	t.Run("removing it is as clean", func(t *testing.T) {
		if got := scenarios(o, "after"); !slices.Equal(got, baseline) {
			t.Errorf("after the newcomer left: %v\nbefore it: %v", got, baseline)
		}
		for _, topic := range orderTopics() {
			groups := consumerGroups(t, p, topic)
			if !slices.Contains(groups, "loyalty") {
				t.Errorf("%s: groups %v, the newcomer's is missing", topic, groups)
			}
			if _, err := p.Do("XGROUP", "DESTROY", topic, "loyalty"); err != nil {
				t.Error(err)
			}
			if slices.Contains(consumerGroups(t, p, topic), "loyalty") {
				t.Errorf("%s: the newcomer's group is still there", topic)
			}
		}
		if got := scenarios(o, "cleaned"); !slices.Equal(got, baseline) {
			t.Errorf("after its consumer group was removed: %v\nbefore it: %v", got, baseline)
		}
		if diff := compare(files, projectFiles(t)); diff != "" {
			t.Errorf("a project file changed: %s", diff)
		}
		if diff := compare(running, runningApps(t, p)); diff != "" {
			t.Errorf("the running apps changed: %s", diff)
		}
	})
}

// scenarios places a confirmed, an out-of-stock and a declined order and describes how
// each ended: status, reasons, who undid what, the notification.
func scenarios(o orders, round string) []string {
	o.t.Helper()
	ids := []string{
		o.place(round+"-ok", orderBody("C-1", orderLine("BOOK-1", 2, "12.50"), orderLine("PEN-1", 3, "1.20"))),
		o.place(round+"-short", orderBody("C-2", orderLine("BOOK-1", 1, "12.50"), orderLine("GONE-1", 1, "5.00"))),
		o.place(round+"-declined", orderBody("C-3", orderLine("BOOK-1", 100, "20.00"))),
	}
	var out []string
	for _, id := range ids {
		got := o.final(id, time.Minute)
		var codes []string
		for _, r := range got.Reasons {
			codes = append(codes, r.Stage+":"+r.Code)
		}
		undo := ""
		if got.Status == "cancelled" {
			o.undone(id)
			undo = " nothing held"
		}
		note := o.notification("orders/"+id+"."+got.Status+".txt", time.Minute) != ""
		out = append(out, fmt.Sprintf("%s total=%s %v%s notified=%v", got.Status, got.Total, codes, undo, note))
	}
	return out
}

// projectFiles hashes every file that defines the running choreography.
func projectFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, root := range []string{"dapr.yaml", "components", "config", "apps", "internal/events", "contracts", "docs/events.md"} {
		filepath.WalkDir(filepath.Join(testpipe.Root, root), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				b, _ := os.ReadFile(path)
				sum := sha256.Sum256(b)
				rel, _ := filepath.Rel(testpipe.Root, path)
				out[rel] = hex.EncodeToString(sum[:])
			}
			return nil
		})
	}
	if len(out) < 50 {
		t.Fatalf("only %d project files found", len(out))
	}
	return out
}

// runningApps describes every app of the pipeline: its processes (same pids: never
// restarted) and what its sidecar loaded (components) and subscribed (topics, routes,
// dead-letter topics), from Dapr's metadata API.
func runningApps(t *testing.T, p *testpipe.Pipeline) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pr := range p.Runs[0].Processes() {
		out["pid "+pr.Name] = fmt.Sprint(pr.Pid)
	}
	for _, a := range p.Runs[0].Apps() {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/v1.0/metadata", a.HTTPPort), nil)
		req.Header.Set("dapr-api-token", a.Tokens.Dapr)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var md struct {
			Components    []struct{ Name, Type string }
			Subscriptions []struct {
				PubsubName      string `json:"pubsubname"`
				Topic           string `json:"topic"`
				DeadLetterTopic string `json:"deadLetterTopic"`
				Rules           any    `json:"rules"`
			}
		}
		if err := json.Unmarshal(body, &md); err != nil || len(md.Components) == 0 {
			t.Fatalf("metadata of %s: %v %s", a.ID, err, body)
		}
		sort.Slice(md.Components, func(i, j int) bool { return md.Components[i].Name < md.Components[j].Name })
		sort.Slice(md.Subscriptions, func(i, j int) bool { return md.Subscriptions[i].Topic < md.Subscriptions[j].Topic })
		c, _ := json.Marshal(md.Components)
		s, _ := json.Marshal(md.Subscriptions)
		out["components "+a.ID], out["subscriptions "+a.ID] = string(c), string(s)
	}
	return out
}

func compare(before, after map[string]string) string {
	var diffs []string
	for k, v := range before {
		if after[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s: %q -> %q", k, v, after[k]))
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diffs = append(diffs, "new: "+k)
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "\n")
}

func consumerGroups(t *testing.T, p *testpipe.Pipeline, stream string) []string {
	t.Helper()
	reply, err := p.Do("XINFO", "GROUPS", stream)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range reply.([]any) {
		fields := g.([]any)
		for i := 0; i+1 < len(fields); i += 2 {
			if fields[i] == "name" {
				out = append(out, fields[i+1].(string))
			}
		}
	}
	return out
}
