package pipeline

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/runfile"
)

// OrchestratorID is the app id of bench/orchestrator.
const OrchestratorID = "orchestrator"

// The components the orchestrator uses: the same as the choreography's apps, and the
// broker for the blob-created events only.
var orchestratorScopes = []string{"inbox", "staging", "outbox", "archive", "rejected", "refdata", "appstate", "pubsub", "resiliency"}

// orchestratorPubSub lets the orchestrator subscribe to blob.created and publish nothing
// (the broker carries only the arrival events in this variant).
func orchestratorPubSub(name, yaml string) string {
	if name != "pubsub.yaml" {
		return yaml
	}
	for key, topics := range map[string]string{"publishingScopes": "", "subscriptionScopes": events.BlobCreated} {
		yaml = strings.Replace(yaml, "- name: "+key+"\n      value: \"",
			"- name: "+key+"\n      value: \""+OrchestratorID+"="+topics+";", 1)
	}
	return yaml
}

// actorStore is the workflow engine's state: Redis, in the variant's database.
const actorStore = `# Dapr Workflow state (actors): the orchestrated variant only.
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: wfstate
spec:
  type: state.redis
  version: v1
  metadata:
    - name: redisHost
      value: "localhost:6379"
    - name: actorStateStore
      value: "true"
scopes: [orchestrator]
`

// runFile is the orchestrated variant's Multi-App Run file: dapr.yaml's common settings,
// with placement and the scheduler.
const runFile = `version: 1
common:
  configFilePath: %[1]s/config/local.yaml
  appProtocol: http
  appHealthCheckPath: /healthz
  enableAppHealthCheck: true
  maxBodySize: 256Mi
  logLevel: info
  placementHostAddress: "127.0.0.1:%[2]d"
  schedulerHostAddress: "127.0.0.1:%[3]d"
apps:
  - appID: orchestrator
    appDirPath: %[4]s
    appPort: 7020
    daprHTTPPort: 3520
    daprGRPCPort: 50020
    metricsPort: 9120
    command: [%[5]q]
`

// StartWorkflow starts placement, the scheduler, dapr.yaml's OncePerPipeline apps (the
// arrival events) and replicas of the orchestrator app.
func StartWorkflow(env *Env, orchestrator string, s Settings) (*Pipeline, error) {
	p, err := newPipeline(env, "workflow", s)
	if err != nil {
		return nil, err
	}
	if err := p.startWorkflow(orchestrator); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Pipeline) startWorkflow(orchestrator string) error {
	env := p.env
	placement, err := p.startService("placement", func(port, health, metrics int, dir string) []string {
		raft, _ := FreePort()
		return []string{"--port", itoa(port), "--healthz-port", itoa(health), "--metrics-port", itoa(metrics),
			"--initial-cluster", fmt.Sprintf("dapr-placement-0=127.0.0.1:%d", raft), "--log-level", "warn"}
	})
	if err != nil {
		return err
	}
	scheduler, err := p.startService("scheduler", func(port, health, metrics int, dir string) []string {
		client, _ := FreePort()
		peer, _ := FreePort()
		return []string{"--port", itoa(port), "--healthz-port", itoa(health), "--metrics-port", itoa(metrics),
			"--etcd-data-dir", dir, "--etcd-client-port", itoa(client),
			"--etcd-initial-cluster", fmt.Sprintf("dapr-scheduler-server-0=http://127.0.0.1:%d", peer),
			"--log-level", "warn"}
	})
	if err != nil {
		return err
	}
	res, err := p.components(OrchestratorID, orchestratorScopes, orchestratorPubSub, map[string]string{"wfstate.yaml": actorStore})
	if err != nil {
		return err
	}
	appDir, err := os.MkdirTemp(env.TmpDir, "orchestrator-")
	if err != nil {
		return err
	}
	path := filepath.Join(appDir, "dapr.yaml")
	text := fmt.Sprintf(runFile, env.Root, placement.port, scheduler.port, appDir, orchestrator)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return err
	}
	f, err := runfile.Load(path)
	if err != nil {
		return err
	}
	shipped, err := runfile.Load(filepath.Join(env.Root, "dapr.yaml"))
	if err != nil {
		return err
	}
	once, _ := split(shipped)
	if err := p.start(once, f, res); err != nil {
		return err
	}
	return p.loadRefdata(OrchestratorID)
}

// service is placement or the scheduler.
type service struct {
	name string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

func (p *Pipeline) startService(name string, args func(port, health, metrics int, dir string) []string) (*service, error) {
	port, err1 := FreePort()
	health, err2 := FreePort()
	metrics, err3 := FreePort()
	dir, err4 := os.MkdirTemp(p.env.TmpDir, name+"-")
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return nil, err
		}
	}
	bin := filepath.Join(p.env.Root, "bin", name)
	cmd := exec.Command(bin, args(port, health, metrics, filepath.Join(dir, "data"))...)
	cmd.Dir = dir
	out := launch.LineWriter(p.env.Log, name) // one writer for both keeps their order
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s (make %s): %w", bin, name, err)
	}
	s := &service{name: name, port: port, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(s.done) }()
	p.control = append(p.control, s)
	url := fmt.Sprintf("http://127.0.0.1:%d/healthz", health)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("%s exited at start (see the run's log)", name)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s not healthy at %s within 60s", name, url)
		}
	}
}

func (s *service) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
