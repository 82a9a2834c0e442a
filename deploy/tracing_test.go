package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestTracesToApplicationInsights holds the Azure side of tracing: Application Insights on
// the Log Analytics workspace; the environment sends the Dapr sidecars' spans there
// (daprAIConnectionString) and runs the managed OpenTelemetry agent with traces to it,
// which hands each app the OTLP endpoint internal/step/otel.go reads. Nothing may set
// that endpoint by hand (it would take the apps' spans away from the agent), and no
// deployment output carries the connection string.
func TestTracesToApplicationInsights(t *testing.T) {
	for file, wants := range map[string][]string{
		"infra/modules/monitoring.bicep": {"'Microsoft.Insights/components@", "WorkspaceResourceId: workspace.id",
			"output insightsName string = insights.name"},
		"infra/modules/environment.bicep": {"param insightsName string",
			"resource insights 'Microsoft.Insights/components@2020-02-02' existing = {\n  name: insightsName",
			"daprAIConnectionString: insights.properties.ConnectionString",
			"appInsightsConfiguration: {\n      connectionString: insights.properties.ConnectionString",
			"tracesConfiguration: {\n        destinations: [\n          'appInsights'"},
		"infra/modules/resources.bicep": {"insightsName: monitoring.outputs.insightsName"},
	} {
		mustContain(t, file, wants...)
	}
	// Every Bicep file, Dockerfile and the generated file: none sets the OTLP endpoint
	// or outputs a connection string.
	var files []string
	for _, g := range []string{"infra/*.bicep", "infra/modules/*.bicep", "infra/generated/*.json", "deploy/docker/*"} {
		m, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(g)))
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d deployment files", len(files))
	}
	setsEndpoint := regexp.MustCompile(`(?m)^[^/#]*OTEL_EXPORTER_OTLP_`) // outside comments
	output := regexp.MustCompile(`(?m)^output\s+\w+\s+\w+\s*=.*(?i:connectionstring|instrumentationkey)`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if setsEndpoint.MatchString(string(raw)) {
			t.Errorf("%s sets an OTLP exporter variable: the managed agent sets the apps' endpoint", f)
		}
		if m := output.FindString(string(raw)); m != "" {
			t.Errorf("%s: %q puts a connection string in the deployment's outputs", f, m)
		}
	}
}
