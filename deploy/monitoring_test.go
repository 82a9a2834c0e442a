package deploy

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/paychoreo/choreography/internal/testpipe"
)

// The operator's monitoring: Prometheus alert rules, their unit tests and a Grafana
// dashboard (docs/monitoring.md). These tests hold the rules to promtool, to a runbook a
// person can follow and to the metrics the apps really export.

const (
	monitoringDir = "deploy/monitoring"
	alertsFile    = monitoringDir + "/alerts.yml"
	alertTests    = monitoringDir + "/alerts_test.yml"
	dashboardFile = monitoringDir + "/dashboard.json"
)

// findPromtool is $PROMTOOL, promtool on PATH, or bin/promtool (scripts/test.sh puts it
// there). Under CI=true its absence fails the test.
func findPromtool(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PROMTOOL"); p != "" {
		return p
	}
	if p, err := exec.LookPath("promtool"); err == nil {
		return p
	}
	if p, err := filepath.Abs(filepath.Join(root, "bin", "promtool")); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	testpipe.Need(t, "promtool (PROMTOOL, PATH, bin/promtool; scripts/test.sh gets it from Debian's prometheus package)", errors.New("not found"))
	return ""
}

// TestAlertRulesPassPromtool: the rules load in Prometheus and behave as their unit tests
// say: each alert fires on the series it is meant for and stays quiet on the others.
func TestAlertRulesPassPromtool(t *testing.T) {
	promtool := findPromtool(t)
	for _, args := range [][]string{{"check", "rules", filepath.Base(alertsFile)}, {"test", "rules", filepath.Base(alertTests)}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = filepath.Join(root, monitoringDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// ruleFile is the part of a Prometheus rule file these tests read.
type ruleFile struct {
	Groups []struct {
		Name  string
		Rules []alertRule
	}
}

type alertRule struct {
	Alert, Expr, For string
	Labels           map[string]string
	Annotations      map[string]string
}

func loadAlerts(t *testing.T) []alertRule {
	t.Helper()
	var f ruleFile
	decodeFile(t, alertsFile, &f)
	var rules []alertRule
	for _, g := range f.Groups {
		rules = append(rules, g.Rules...)
	}
	if len(rules) == 0 {
		t.Fatalf("%s: no rules", alertsFile)
	}
	return rules
}

// TestAlertsCanBeActedOn: every alert says how bad it is, what happened and where the
// runbook is (a section of docs/ that exists), and says why it waits as long as it does.
func TestAlertsCanBeActedOn(t *testing.T) {
	for _, r := range loadAlerts(t) {
		if r.Alert == "" {
			t.Errorf("%s: a rule that is no alert (%q): recording rules belong elsewhere", alertsFile, r.Expr)
			continue
		}
		if s := r.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
		}
		for _, a := range []string{"summary", "description", "runbook_url"} {
			if strings.TrimSpace(r.Annotations[a]) == "" {
				t.Errorf("%s: no %s", r.Alert, a)
			}
		}
		if r.For == "" {
			t.Errorf("%s: no for: (write for: 0m with the reason when it should fire at once)", r.Alert)
		}
		checkRunbook(t, r.Alert, r.Annotations["runbook_url"])
	}
	for alert, why := range forReasons(t) {
		if why == "" {
			t.Errorf("%s: its for: has no comment saying why that long", alert)
		}
	}
}

// checkRunbook: a runbook_url is a file of the repository and a heading in it.
func checkRunbook(t *testing.T, alert, url string) {
	t.Helper()
	file, anchor, _ := strings.Cut(url, "#")
	text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		t.Errorf("%s: runbook %s: %v", alert, url, err)
		return
	}
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(line, "#") && slug(strings.TrimLeft(line, "# ")) == anchor {
			return
		}
	}
	t.Errorf("%s: runbook %s: no heading with anchor #%s in %s", alert, url, anchor, file)
}

// slug is the anchor GitHub gives a Markdown heading.
func slug(heading string) string {
	s := strings.ToLower(strings.TrimSpace(heading))
	s = regexp.MustCompile(`[^a-z0-9 _-]`).ReplaceAllString(s, "")
	return strings.ReplaceAll(s, " ", "-")
}

// forReasons maps each alert to the comment above its for: key.
func forReasons(t *testing.T) map[string]string {
	t.Helper()
	var doc yaml.Node
	decodeFile(t, alertsFile, &doc)
	out := map[string]string{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			alert, why, hasFor := "", "", false
			for i := 0; i+1 < len(n.Content); i += 2 {
				switch n.Content[i].Value {
				case "alert":
					alert = n.Content[i+1].Value
				case "for":
					why, hasFor = strings.TrimSpace(n.Content[i].HeadComment), true
				}
			}
			if alert != "" && hasFor {
				out[alert] = why
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out
}

// alertTestFile is the part of promtool's unit-test file these tests read.
type alertTestFile struct {
	Tests []struct {
		InputSeries   []struct{ Series string } `yaml:"input_series"`
		AlertRuleTest []struct {
			Alertname string
			ExpAlerts []map[string]any `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	}
}

func loadAlertTests(t *testing.T) alertTestFile {
	t.Helper()
	var f alertTestFile
	decodeFile(t, alertTests, &f)
	return f
}

// TestEveryAlertIsTested: each alert has a case where it fires and one where it must not,
// and the tests name no alert the rules lack.
func TestEveryAlertIsTested(t *testing.T) {
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, c := range loadAlertTests(t).Tests {
		for _, a := range c.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			} else {
				quiet[a.Alertname] = true
			}
		}
	}
	alerts := map[string]bool{}
	for _, r := range loadAlerts(t) {
		alerts[r.Alert] = true
		if !fires[r.Alert] {
			t.Errorf("%s: no case in %s where it fires", r.Alert, alertTests)
		}
		if !quiet[r.Alert] {
			t.Errorf("%s: no case in %s where it must stay quiet", r.Alert, alertTests)
		}
	}
	for name := range fires {
		if !alerts[name] {
			t.Errorf("%s tests %s, which %s does not define", alertTests, name, alertsFile)
		}
	}
}
