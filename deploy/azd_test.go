package deploy

import (
	"path/filepath"
	"testing"
)

// azdProject is the part of azure.yaml that decides where azd looks for things.
type azdProject struct {
	Infra struct {
		Provider, Path, Module string
	}
	Services map[string]struct {
		Project string
		Docker  struct{ Path, Context string }
	}
}

// TestAzdLayout: azd's conventional layout, so that `azd up` works from a fresh clone's
// root with no flags: azure.yaml at the root, the Bicep module and its parameters file
// where azure.yaml's infra says, and every service's Dockerfile and build context there.
func TestAzdLayout(t *testing.T) {
	var p azdProject
	decodeFile(t, AzdPath, &p)
	if filepath.Dir(AzdPath) != "." {
		t.Errorf("%s is not at the repository root", AzdPath)
	}
	if p.Infra.Provider != "bicep" || p.Infra.Path != InfraDir || p.Infra.Module != "main" {
		t.Errorf("%s: infra %+v, want bicep, %s, main", AzdPath, p.Infra, InfraDir)
	}
	for _, f := range []string{p.Infra.Module + ".bicep", p.Infra.Module + ".parameters.json"} {
		exists(t, filepath.Join(p.Infra.Path, f))
	}
	if len(p.Services) == 0 {
		t.Fatalf("%s: no services", AzdPath)
	}
	for name, s := range p.Services {
		// azd reads docker.path and docker.context relative to the service's project.
		exists(t, filepath.Join(s.Project, s.Docker.Path))
		if filepath.Clean(filepath.Join(s.Project, s.Docker.Context)) != "." {
			t.Errorf("%s: %s builds from %q, want the repository root (the Go module)", AzdPath, name, s.Docker.Context)
		}
	}
	// Nothing azd provisions is left in deploy/, where it would be read by no one.
	for _, pattern := range []string{"*.bicep", "*.parameters.json", "azure.yaml", "modules", "generated"} {
		if m, _ := filepath.Glob(filepath.Join(root, "deploy", pattern)); len(m) > 0 {
			t.Errorf("%v: belongs under %s/ (or at the root for azure.yaml)", m, InfraDir)
		}
	}
}
