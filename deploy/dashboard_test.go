package deploy

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/deadletter"
)

// dashboard is the part of the Grafana dashboard these tests read.
type dashboard struct {
	UID, Title string
	Panels     []dashPanel
	Templating struct {
		List []struct {
			Name, Type, Definition string
		}
	}
}

type dashPanel struct {
	ID         int
	Type       string
	Title      string
	Datasource struct{ UID string }
	Targets    []struct{ Expr string }
	Panels     []dashPanel // a collapsed row's
}

func loadDashboard(t *testing.T) dashboard {
	t.Helper()
	var d dashboard
	decodeFile(t, dashboardFile, &d)
	return d
}

func (d dashboard) allPanels() []dashPanel {
	var out []dashPanel
	for _, p := range d.Panels {
		out = append(out, p)
		out = append(out, p.Panels...)
	}
	return out
}

// TestDashboardShowsEveryMetric: the dashboard parses, asks the Prometheus the person
// picks (${datasource}), every panel queries something, and every metric the apps define
// has a panel, so that a new metric is not forgotten there.
func TestDashboardShowsEveryMetric(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" {
		t.Errorf("%s: no uid or title", dashboardFile)
	}
	ids := map[int]bool{}
	var queries strings.Builder
	for _, p := range d.allPanels() {
		if ids[p.ID] {
			t.Errorf("panel %q: id %d used twice", p.Title, p.ID)
		}
		ids[p.ID] = true
		if p.Type == "row" {
			continue
		}
		if p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q: datasource %q, want ${datasource}", p.Title, p.Datasource.UID)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q: no query", p.Title)
		}
		for _, q := range p.Targets {
			if !metricRef.MatchString(q.Expr) {
				t.Errorf("panel %q: query %q reads no choreo_ metric", p.Title, q.Expr)
			}
			queries.WriteString(q.Expr + "\n")
		}
	}
	for name := range exported(t) {
		base := strings.TrimSuffix(name, "_bucket")
		if strings.HasSuffix(name, "_sum") || strings.HasSuffix(name, "_count") {
			continue
		}
		if !regexp.MustCompile(`\b` + base + `(_bucket)?\b`).MatchString(queries.String()) {
			t.Errorf("%s: no panel shows %s, which the apps export", dashboardFile, base)
		}
	}
}

// TestMonitoringUsesOnlyExportedMetrics: every metric the rules, their tests and the
// dashboard name is one the apps define, with labels it has, so neither can drift from
// the code. Label values that name things are checked too: a stage is an app, a kind a
// dead-letter kind.
func TestMonitoringUsesOnlyExportedMetrics(t *testing.T) {
	defs := exported(t)
	for _, r := range loadAlerts(t) {
		checkRefs(t, r.Alert, r.Expr, defs)
		checkRefs(t, r.Alert+" annotations", r.Annotations["description"]+" "+r.Annotations["summary"], defs)
	}
	for _, c := range loadAlertTests(t).Tests {
		for _, s := range c.InputSeries {
			checkRefs(t, alertTests, s.Series, defs)
		}
	}
	d := loadDashboard(t)
	for _, p := range d.allPanels() {
		for _, q := range p.Targets {
			checkRefs(t, "panel "+p.Title, q.Expr, defs)
		}
	}
	for _, v := range d.Templating.List {
		checkRefs(t, "variable "+v.Name, v.Definition, defs)
	}
}

var (
	metricRef  = regexp.MustCompile(`\b(choreo_[a-z0-9_]+)(\{[^{}]*\})?`)
	matcher    = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"`)
	grouping   = regexp.MustCompile(`\b(?:by|on|without|ignoring|group_left|group_right)\s*\(([^)]*)\)`)
	labelValue = regexp.MustCompile(`label_values\(\s*(choreo_[a-z0-9_]+)\s*,\s*(\w+)\s*\)`)
	// scrapeLabels are added by Prometheus to every series it scrapes.
	scrapeLabels = []string{"job", "instance"}
)

// checkRefs checks the metrics text names, the labels it selects and groups by, and the
// label values that name an app or a dead-letter kind.
func checkRefs(t *testing.T, where, text string, defs map[string][]string) {
	t.Helper()
	known := append([]string{}, scrapeLabels...)
	for _, m := range metricRef.FindAllStringSubmatch(text, -1) {
		labels, ok := defs[m[1]]
		if !ok {
			t.Errorf("%s: %s is no metric the apps export", where, m[1])
			continue
		}
		known = append(known, labels...)
		for _, l := range matcher.FindAllStringSubmatch(m[2], -1) {
			if !slices.Contains(labels, l[1]) && !slices.Contains(scrapeLabels, l[1]) {
				t.Errorf("%s: %s has no label %q (it has %v)", where, m[1], l[1], labels)
			}
			checkLabelValue(t, where, l[1], l[2], l[3])
		}
	}
	for _, g := range grouping.FindAllStringSubmatch(text, -1) {
		for _, l := range strings.Split(g[1], ",") {
			if l = strings.TrimSpace(l); l != "" && !slices.Contains(known, l) {
				t.Errorf("%s: groups by %q, a label none of its metrics has", where, l)
			}
		}
	}
	for _, lv := range labelValue.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(defs[lv[1]], lv[2]) {
			t.Errorf("%s: %s has no label %q", where, lv[1], lv[2])
		}
	}
}

var deadLetterKinds = []string{deadletter.KindStep, deadletter.KindCustody, deadletter.KindCompensation, deadletter.KindArrival}

// checkLabelValue checks a literal stage (an app id: a folder of apps/) or dead-letter
// kind; regular expressions and dashboard variables are left alone.
func checkLabelValue(t *testing.T, where, label, op, value string) {
	t.Helper()
	if op == "=~" || op == "!~" || strings.Contains(value, "$") {
		return
	}
	switch label {
	case "stage":
		if !present("apps/" + value) {
			t.Errorf("%s: stage %q is no app of apps/", where, value)
		}
	case "kind":
		if !slices.Contains(deadLetterKinds, value) {
			t.Errorf("%s: kind %q is no dead-letter kind (%v)", where, value, deadLetterKinds)
		}
	}
}
