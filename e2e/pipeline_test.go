package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/runfile"
)

// root is the project root; the tests run the real dapr.yaml and components from there.
var root, _ = filepath.Abs("..")

// nextDB gives each pipeline its own Redis database, so runs never see each other's
// streams, claims or reference data (and never the data of a running `make run`).
var nextDB atomic.Int32

func init() { nextDB.Store(8) }

// pipeline is the four apps with their sidecars, started from dapr.yaml over a private
// data folder and Redis database.
type pipeline struct {
	t    *testing.T
	run  *launch.Run
	data string
	db   int
	logs *bytes.Buffer
}

type options struct {
	offset int
	env    map[string]string
}

func startPipeline(t *testing.T, o options) *pipeline {
	t.Helper()
	_, err := redisDo(0, "PING")
	need(t, "Redis on "+redisAddr, err)
	daprd, err := launch.FindDaprd(root)
	need(t, "daprd (make daprd)", err)
	p := &pipeline{t: t, data: t.TempDir(), db: int(nextDB.Add(1)), logs: &bytes.Buffer{}}
	if _, err := redisDo(p.db, "FLUSHDB"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"inbox", "outbox", "rejected", "archive", "staging"} {
		os.MkdirAll(filepath.Join(p.data, d), 0o755)
	}
	f, err := runfile.Load(filepath.Join(root, "dapr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if o.offset == 0 {
		o.offset = 200
	}
	p.run, err = launch.Start(context.Background(), f, launch.Options{
		DaprdPath: daprd, ResourcesPaths: []string{p.components()}, PortOffset: o.offset,
		ExtraEnv: o.env, LogWriter: &syncWriter{w: p.logs}, HealthTimeout: 90 * time.Second,
	})
	if err != nil {
		t.Fatalf("start pipeline: %v", err)
	}
	t.Cleanup(func() {
		p.run.Stop()
		if t.Failed() {
			t.Logf("pipeline logs (last 200 lines):\n%s", tail(p.logs.String(), 200))
		}
	})
	p.loadRefdata(filepath.Join(root, "refdata", "sample.json"))
	return p
}

// components copies components/local into a temp folder, pointing storage at this
// pipeline's data folder and Redis at its database; everything else is as shipped.
func (p *pipeline) components() string {
	dir := p.t.TempDir()
	src, _ := filepath.Glob(filepath.Join(root, "components", "local", "*.yaml"))
	rootPath := regexp.MustCompile(`"\.\./\.\./data/([a-z]+)"`)
	for _, f := range src {
		b, err := os.ReadFile(f)
		if err != nil {
			p.t.Fatal(err)
		}
		s := rootPath.ReplaceAllString(string(b), `"`+p.data+`/$1"`)
		if strings.Contains(s, "localhost:6379") {
			s = strings.Replace(s, "  metadata:\n", fmt.Sprintf("  metadata:\n    - name: redisDB\n      value: \"%d\"\n", p.db), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(s), 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	return dir
}

// loadRefdata runs the real `choreo refdata load` against the validator's sidecar.
func (p *pipeline) loadRefdata(file string) {
	v, _ := p.run.App("validator")
	cmd := exec.Command(filepath.Join(root, "bin", "choreo"), "refdata", "load",
		"--dapr-grpc", fmt.Sprintf("127.0.0.1:%d", v.GRPCPort), file)
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+v.Tokens.Dapr)
	if out, err := cmd.CombinedOutput(); err != nil {
		p.t.Fatalf("choreo refdata load: %v\n%s", err, out)
	}
}
