package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/paychoreo/choreography/internal/runfile"
)

// Paths of the generated files, relative to the repository root, in azd's conventional
// layout: azure.yaml at the root, the Bicep and what it reads under infra/.
const (
	InfraDir       = "infra"
	ACAPath        = InfraDir + "/generated/aca.json"
	ParametersPath = InfraDir + "/main.parameters.json"
	AzdPath        = "azure.yaml"
	DockerDir      = "deploy/docker"
)

// DockerfilePath is where an app's Dockerfile lives.
func DockerfilePath(app string) string { return DockerDir + "/" + app + ".Dockerfile" }

// Generate reads the repository at root and returns every generated file by path.
func Generate(root string) (map[string][]byte, error) {
	run, err := runfile.Load(filepath.Join(root, runfile.DefaultName))
	if err != nil {
		return nil, err
	}
	azure, err := LoadProfile(filepath.Join(root, "components", "azure"))
	if err != nil {
		return nil, err
	}
	aca, err := Build(azure, run)
	if err != nil {
		return nil, err
	}
	goVersion, err := goMinor(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	b, err := json.MarshalIndent(aca, "", "  ")
	if err != nil {
		return nil, err
	}
	files[ACAPath] = append(b, '\n')
	files[ParametersPath], err = parameters(aca)
	if err != nil {
		return nil, err
	}
	files[AzdPath] = render(azdTemplate, aca)
	azureApps := AzureApps(run) // aca.Apps, in the same order
	for i, a := range aca.Apps {
		tmpl, entry := dockerTemplate, ""
		if rt, e := Runtime(azureApps[i]); rt == "node" {
			tmpl, entry = nodeDockerTemplate, e
		}
		files[DockerfilePath(a.AppID)] = render(tmpl, struct {
			App
			Go, Node, Entry string
		}{a, goVersion, nodeVersion, entry})
	}
	return files, nil
}

// nodeVersion is the Node.js major version of the images of JavaScript apps.
const nodeVersion = "22"

// Runtime tells how an app of dapr.yaml runs: "node" (command node <entry>) or "go" (a
// binary built from apps/<app id>), with the entry file of a Node.js app.
func Runtime(a runfile.App) (runtime, entry string) {
	if len(a.Command) >= 2 && a.Command[0] == "node" {
		return "node", a.Command[1]
	}
	return "go", ""
}

// Write stores the generated files under root.
func Write(root string, files map[string][]byte) error {
	for _, p := range sortedKeys(files) {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

var goLine = regexp.MustCompile(`(?m)^go (\d+\.\d+)`)

// goMinor returns go.mod's language version as major.minor, the golang image tag.
func goMinor(gomod string) (string, error) {
	raw, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	m := goLine.FindSubmatch(raw)
	if m == nil {
		return "", fmt.Errorf("%s: no go directive", gomod)
	}
	return string(m[1]), nil
}

// parameters is azd's main.parameters.json: azd substitutes ${VAR} from its environment.
// SERVICE_<APP>_IMAGE_NAME is set by `azd deploy`; empty before the first deploy, which
// keeps a placeholder image.
func parameters(aca *ACA) ([]byte, error) {
	images := map[string]string{}
	for _, a := range aca.Apps {
		images[a.AppID] = "${SERVICE_" + envName(a.AppID) + "_IMAGE_NAME}"
	}
	doc := map[string]any{
		"$schema":        "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
		"contentVersion": "1.0.0.0",
		"parameters": map[string]any{
			"environmentName": map[string]string{"value": "${AZURE_ENV_NAME}"},
			"location":        map[string]string{"value": "${AZURE_LOCATION}"},
			"principalId":     map[string]string{"value": "${AZURE_PRINCIPAL_ID}"},
			"images":          map[string]any{"value": images},
			// People's sign-in to the apps that serve them (docs/deploy-azure.md): the
			// secret's value comes from azd's environment, never from a file here.
			"signInClientId":     map[string]string{"value": "${AZURE_SIGNIN_CLIENT_ID}"},
			"signInClientSecret": map[string]string{"value": "${AZURE_SIGNIN_CLIENT_SECRET}"},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

func render(t *template.Template, data any) []byte {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		panic(err) // the templates are fixed; a failure is a bug here
	}
	return buf.Bytes()
}

// runAsNonRoot is how both images run their app.
const runAsNonRoot = `# distroless' nonroot user; the sidecar reaches the app on APP_PORT (dapr.yaml's appPort).
# Every interface, not the loopback: Container Apps' probes and ingress come to the
# replica's address. Every route but /healthz and /metrics still wants the sidecar's token.
USER 65532:65532
ENV APP_PORT={{.AppPort}} CHOREO_LISTEN_ADDR=0.0.0.0
EXPOSE {{.AppPort}}
`

var dockerTemplate = template.Must(template.New("Dockerfile").Parse(`# Generated by cmd/acagen from dapr.yaml; do not edit (go run ./cmd/acagen).
# The {{.AppID}} app: a static Go binary on a distroless base, run as a non-root user.
# Build from the repository root: docker build -f {{printf "deploy/docker/%s.Dockerfile" .AppID}} .
FROM golang:{{.Go}} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY apps/ apps/
COPY internal/ internal/
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/{{.AppID}} ./apps/{{.AppID}}

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/{{.AppID}} /{{.AppID}}
` + runAsNonRoot + `ENTRYPOINT ["/{{.AppID}}"]
`))

var nodeDockerTemplate = template.Must(template.New("Dockerfile").Parse(`# Generated by cmd/acagen from dapr.yaml; do not edit (go run ./cmd/acagen).
# The {{.AppID}} app (Node.js): production dependencies only, on a distroless Node.js base,
# run as a non-root user.
# Build from the repository root: docker build -f {{printf "deploy/docker/%s.Dockerfile" .AppID}} .
FROM node:{{.Node}}-bookworm-slim AS build
WORKDIR /app
COPY apps/{{.AppID}}/ ./
RUN rm -rf node_modules && if [ -f package-lock.json ]; then npm ci --omit=dev; else npm install --omit=dev; fi

FROM gcr.io/distroless/nodejs{{.Node}}-debian12:nonroot
WORKDIR /app
COPY --from=build /app /app
` + runAsNonRoot + `CMD ["{{.Entry}}"]
`))

var azdTemplate = template.Must(template.New("azure.yaml").Funcs(template.FuncMap{"upper": strings.ToUpper}).Parse(`# yaml-language-server: $schema=https://raw.githubusercontent.com/Azure/azure-dev/main/schemas/v1.0/azure.yaml.json
# Generated by cmd/acagen from dapr.yaml; do not edit (go run ./cmd/acagen).
# Run azd from the repository root: ` + "`azd up`" + ` provisions infra/main.bicep, builds each
# app's image in the deployment's container registry (remoteBuild: no local Docker needed)
# and rolls it out to the container app whose azd-service-name tag is the app id.
name: paychoreo-choreography
infra:
  provider: bicep
  path: infra
  module: main
services:
{{- range .Apps}}
  {{.AppID}}:
    project: .
    language: docker
    host: containerapp
    docker:
      path: deploy/docker/{{.AppID}}.Dockerfile
      context: .
      remoteBuild: true
{{- end}}
`))
