package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/runfile"
	"github.com/paychoreo/choreography/internal/step"
)

// The Azure profile cannot run here (no Azure, no Bicep compiler): these tests check what
// can be checked without it. components/azure against components/local, the Container
// Apps form against components/azure, the container apps against dapr.yaml, the Service
// Bus settings against the retry policy, no secret anywhere, the Dockerfiles, and the
// Bicep's wiring to the generated file.

const root = ".."

func loadAll(t *testing.T) (local, azure *Profile, run *runfile.File, aca *ACA) {
	t.Helper()
	var err error
	if local, err = LoadProfile(filepath.Join(root, "components", "local")); err != nil {
		t.Fatal(err)
	}
	if azure, err = LoadProfile(filepath.Join(root, "components", "azure")); err != nil {
		t.Fatal(err)
	}
	if run, err = runfile.Load(filepath.Join(root, runfile.DefaultName)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, ACAPath))
	if err != nil {
		t.Fatal(err)
	}
	aca = &ACA{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(aca); err != nil {
		t.Fatalf("%s: %v", ACAPath, err)
	}
	return local, azure, run, aca
}

// TestGeneratedFilesUpToDate: the Container Apps form, the Dockerfiles and azd's files are
// exactly what cmd/acagen writes from today's components/azure, dapr.yaml and catalog.
func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sortedKeys(files) {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, files[p]) {
			t.Errorf("%s is out of date: go run ./cmd/acagen", p)
		}
	}
	// No stale Dockerfile of an app that left dapr.yaml.
	stale, _ := filepath.Glob(filepath.Join(root, DockerDir, "*.Dockerfile"))
	for _, f := range stale {
		rel := DockerDir + "/" + filepath.Base(f)
		if _, ok := files[rel]; !ok {
			t.Errorf("%s belongs to no app of dapr.yaml: remove it", rel)
		}
	}
}

// azureOnly are the components of components/azure without a local counterpart.
var azureOnly = map[string]string{
	step.ScanCron: "intake's reconciliation scan of File A Storage; on local folders inbox-watch lists the folder itself",
}

// counterpartByName are components whose Azure type differs from counterpart's rule.
var counterpartByName = map[string]string{
	// Dapr names the outbox topic at run time (prefixed with the sidecar's namespace on
	// Container Apps): it cannot be declared on Service Bus, so it stays on Redis Streams.
	"orders-outbox": typeRedisPubSub,
}

// counterpart maps each local component type to the Azure type that replaces it.
var counterpart = map[string]string{
	"pubsub.redis":          typeServiceBus,
	"bindings.localstorage": typeBlob,
	"state.redis":           typeRedis, // Azure Managed Redis; see docs/deploy-azure.md, "State"
	"bindings.cron":         typeCron,
}

// sameValue are metadata keys whose values must equal the local ones: they are part of the
// contract with the code, not of the infrastructure.
var sameValue = []string{"keyPrefix", "direction", "publishingScopes", "subscriptionScopes",
	"outboxPublishPubsub", "outboxPublishTopic", "outboxPubsub", "outboxDiscardWhenMissingState"}

func TestAzureMatchesLocal(t *testing.T) {
	local, azure, _, _ := loadAll(t)
	for _, l := range local.Components {
		a := azure.Component(l.Name())
		if a == nil {
			t.Errorf("component %s of components/local has no counterpart in components/azure", l.Name())
			continue
		}
		want := counterpart[l.Spec.Type]
		if byName, ok := counterpartByName[l.Name()]; ok {
			want = byName
		}
		if want == "" || a.Spec.Type != want {
			t.Errorf("%s: type %s on Azure, want %q for local %s", l.Name(), a.Spec.Type, want, l.Spec.Type)
		}
		if a.Spec.Version != l.Spec.Version {
			t.Errorf("%s: version %s on Azure, %s locally", l.Name(), a.Spec.Version, l.Spec.Version)
		}
		// Apps that run only locally (notInAzure) may be in a local scope and not in Azure's.
		if !slices.Equal(azureScoped(a.Scopes), azureScoped(l.Scopes)) {
			t.Errorf("%s: scopes %v on Azure, %v locally", l.Name(), a.Scopes, l.Scopes)
		}
		for _, key := range sameValue {
			li, lok := l.Meta(key)
			ai, aok := a.Meta(key)
			if lok != aok || li.Value != ai.Value {
				t.Errorf("%s: metadata %s = %q on Azure, %q locally", l.Name(), key, ai.Value, li.Value)
			}
		}
	}
	for _, a := range azure.Components {
		if local.Component(a.Name()) == nil && azureOnly[a.Name()] == "" {
			t.Errorf("component %s of components/azure is neither in components/local nor a documented Azure addition", a.Name())
		}
	}
	for name := range azureOnly {
		if azure.Component(name) == nil {
			t.Errorf("components/azure lacks %s", name)
		}
	}
	// The names the code uses (internal/step) exist in both.
	for _, name := range []string{step.PubSub, step.Inbox, step.Rejected, step.Archive, step.Staging, step.Outbox,
		step.RefData, step.AppState, step.DeadLetters, step.Quarantine} {
		if azure.Component(name) == nil || local.Component(name) == nil {
			t.Errorf("component %s (internal/step) is missing from a profile", name)
		}
	}
	// The pub/sub scopes are the catalog's (TestComponentsMatchCatalog checks the strings
	// of every profile; here the parsed values of this one).
	pub, sub := events.Scopes()
	ps := azure.Component(step.PubSub)
	if ps.Value("publishingScopes") != pub || ps.Value("subscriptionScopes") != sub {
		t.Errorf("pubsub scopes differ from internal/events.Scopes()")
	}
}

func TestResiliencyMatchesLocal(t *testing.T) {
	local, azure, _, _ := loadAll(t)
	l, a := local.Resiliency, azure.Resiliency
	if l == nil || a == nil {
		t.Fatal("a profile has no Resiliency resource")
	}
	if !slices.Equal(sorted(l.Scopes), sorted(a.Scopes)) {
		t.Errorf("resiliency scopes %v on Azure, %v locally", a.Scopes, l.Scopes)
	}
	if !reflect.DeepEqual(l.Spec.Policies, a.Spec.Policies) {
		t.Errorf("resiliency policies differ between %s and %s", l.File, a.File)
	}
	for name, lt := range l.Spec.Targets.Components {
		if at, ok := a.Spec.Targets.Components[name]; !ok || refs(lt) != refs(at) {
			t.Errorf("resiliency target %s: %v on Azure, %v locally", name, refs(at), refs(lt))
		}
	}
	for name := range a.Spec.Targets.Components {
		if _, ok := l.Spec.Targets.Components[name]; !ok && azureOnly[name] == "" {
			t.Errorf("resiliency target %s exists on Azure only and is no documented Azure addition", name)
		}
	}
}

func refs(t ComponentTarget) [2]PolicyRefs {
	var out [2]PolicyRefs
	if t.Inbound != nil {
		out[0] = *t.Inbound
	}
	if t.Outbound != nil {
		out[1] = *t.Outbound
	}
	return out
}

// requiredMetadata lists, per component type, the metadata every component of the Azure
// profile must carry. What each component refuses to start without comes from
// github.com/dapr/components-contrib v1.18.0, the version tools/daprd builds:
//   - pubsub.azure.servicebus.topics, common/component/azure/servicebus/metadata.go
//     (ParseMetadata): connectionString or namespaceName; consumerID, which the runtime
//     defaults to the app id.
//   - bindings.azure.blobstorage, common/component/azure/blobstorage/metadata.go
//     (parseMetadata): accountName (without a connection string) and containerName.
//   - state.redis and pubsub.redis, common/component/redis/settings.go: redisHost; Entra
//     ID through useEntraID (common/component/redis/redis.go).
//   - bindings.cron, bindings/cron/cron.go: schedule.
//
// The rest is this design: Entra ID only (namespaceName, useEntraID with TLS), entities
// created by infra/ (disableEntityManagement), base64 writes (decodeBase64), and the
// local profile's key prefixes.
var requiredMetadata = map[string][]string{
	typeServiceBus:  {"namespaceName", "azureClientId", "disableEntityManagement", "maxDeliveryCount", "lockDurationInSec", "lockRenewalInSec", "handlerTimeoutInSec", "publishingScopes"},
	typeBlob:        {"accountName", "containerName", "azureClientId", "decodeBase64", "disableEntityManagement"},
	typeRedis:       {"redisHost", "azureClientId", "useEntraID", "enableTLS", "keyPrefix"},
	typeRedisPubSub: {"redisHost", "azureClientId", "useEntraID", "enableTLS"},
	typeCron:        {"schedule", "direction"},
}

// mustBe are metadata values the keyless design depends on.
var mustBe = map[string]map[string]string{
	typeServiceBus:  {"disableEntityManagement": "true"},
	typeBlob:        {"decodeBase64": "true", "disableEntityManagement": "true"},
	typeRedis:       {"useEntraID": "true", "enableTLS": "true"},
	typeRedisPubSub: {"useEntraID": "true", "enableTLS": "true"},
}

// secretKeys are metadata keys that carry a key, password or connection string in some
// Dapr component; none may appear in the Azure profile, whatever its value.
var secretKeys = []string{
	"connectionString", "accountKey", "accessKey", "storageAccessKey", "storageAccountKey",
	"masterKey", "redisPassword", "redisUsername", "sentinelPassword", "azureClientSecret",
	"spnClientSecret", "clientSecret", "azureCertificate", "azureCertificateFile",
	"azureCertificatePassword", "storageConnectionString", "sasToken", "password",
}

func TestAzureMetadata(t *testing.T) {
	_, azure, _, _ := loadAll(t)
	for _, c := range azure.Components {
		required, known := requiredMetadata[c.Spec.Type]
		if !known {
			t.Errorf("%s: type %s has no required-metadata entry in this test", c.Name(), c.Spec.Type)
		}
		for _, key := range required {
			if it, ok := c.Meta(key); !ok || (it.Value == "" && it.EnvRef == "") {
				t.Errorf("%s (%s): metadata %s is missing", c.Name(), c.Spec.Type, key)
			}
		}
		for key, want := range mustBe[c.Spec.Type] {
			if got := c.Value(key); got != want {
				t.Errorf("%s: metadata %s = %q, want %q", c.Name(), key, got, want)
			}
		}
		seen := map[string]bool{}
		for _, it := range c.Spec.Metadata {
			if seen[it.Name] {
				t.Errorf("%s: metadata %s appears twice", c.Name(), it.Name)
			}
			seen[it.Name] = true
			for _, s := range secretKeys {
				if strings.EqualFold(it.Name, s) {
					t.Errorf("%s: metadata %s would carry a secret; the Azure profile is keyless", c.Name(), it.Name)
				}
			}
			if it.SecretKeyRef != nil {
				t.Errorf("%s: metadata %s uses secretKeyRef; the Azure profile has no secrets", c.Name(), it.Name)
			}
			if it.EnvRef != "" {
				if _, ok := Settings[it.EnvRef]; !ok {
					t.Errorf("%s: metadata %s reads %s, not one of the deployment settings %v", c.Name(), it.Name, it.EnvRef, sortedKeys(Settings))
				}
				if it.Value != "" {
					t.Errorf("%s: metadata %s has both a value and an envRef", c.Name(), it.Name)
				}
			}
			// Values that differ per deployment come from the environment, never a literal.
			switch it.Name {
			case "namespaceName", "accountName", "redisHost", "azureClientId":
				if it.EnvRef == "" {
					t.Errorf("%s: metadata %s is a literal; it differs per deployment and must be an envRef", c.Name(), it.Name)
				}
			}
		}
		if it, _ := c.Meta("azureClientId"); it.EnvRef != "" && it.EnvRef != ClientIDSetting {
			t.Errorf("%s: azureClientId must come from %s", c.Name(), ClientIDSetting)
		}
	}
}

// TestServiceBusDelivery checks that Service Bus and Dapr's retry policy fit: Dapr's inbound
// retries run within one delivery, the lock outlives them (renewed), the handler timeout
// covers them, and Service Bus gives up (its own dead-letter queue) only after more
// deliveries than the policy makes attempts.
func TestServiceBusDelivery(t *testing.T) {
	_, azure, _, aca := loadAll(t)
	ps := azure.Component(step.PubSub)
	res := azure.Resiliency
	target := res.Spec.Targets.Components[step.PubSub]
	if target.Inbound == nil || target.Inbound.Retry == "" || target.Inbound.Timeout == "" {
		t.Fatal("pubsub has no inbound timeout and retry policy: with a dead-letter topic the first failure would dead-letter")
	}
	retry := res.Spec.Policies.Retries[target.Inbound.Retry]
	if retry.MaxRetries == nil {
		t.Fatalf("retry policy %s has no maxRetries", target.Inbound.Retry)
	}
	attempts := 1 + *retry.MaxRetries
	perCall := duration(t, res.Spec.Policies.Timeouts[target.Inbound.Timeout])
	backoff := duration(t, or(retry.MaxInterval, retry.Duration))
	sequence := time.Duration(attempts)*perCall + time.Duration(*retry.MaxRetries)*backoff

	num := func(key string) int {
		n, err := strconv.Atoi(ps.Value(key))
		if err != nil {
			t.Fatalf("pubsub %s = %q", key, ps.Value(key))
		}
		return n
	}
	maxDelivery, lock, renew, handler := num("maxDeliveryCount"), num("lockDurationInSec"), num("lockRenewalInSec"), num("handlerTimeoutInSec")
	if maxDelivery <= attempts {
		t.Errorf("maxDeliveryCount %d must exceed 1 + %s.maxRetries = %d", maxDelivery, target.Inbound.Retry, attempts)
	}
	if time.Duration(handler)*time.Second < sequence {
		t.Errorf("handlerTimeoutInSec %d s is shorter than the inbound retry sequence (%v)", handler, sequence)
	}
	if renew <= 0 || renew >= lock || lock > 300 {
		t.Errorf("lockRenewalInSec %d must be below lockDurationInSec %d, itself at most 300 (Service Bus' limit)", renew, lock)
	}
	if !aca.ServiceBus.Enabled {
		t.Fatal("the Container Apps form has no Service Bus topology")
	}
	// Every catalog topic exists with duplicate detection; every consumer has its own
	// subscription with the component's delivery count and lock, without sessions.
	onBus := sbTopics(azure)
	var want []string
	var topics int
	for _, e := range events.Catalog {
		if !onBus[e.Topic] {
			continue
		}
		topics++
		for _, c := range e.Consumers {
			want = append(want, e.Topic+"/"+c)
		}
	}
	var got []string
	for _, s := range aca.ServiceBus.Subscriptions {
		got = append(got, s.Topic+"/"+s.Name)
		p := s.Properties
		if p.MaxDeliveryCount != maxDelivery || p.LockDuration != fmt.Sprintf("PT%dS", lock) || p.RequiresSession || !p.DeadLetteringOnMessageExpiration {
			t.Errorf("subscription %s/%s: %+v", s.Topic, s.Name, p)
		}
		if len(s.Name) > 50 || !regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`).MatchString(s.Name) {
			t.Errorf("subscription name %q is not a valid Service Bus subscription name (50 characters at most)", s.Name)
		}
	}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("subscriptions %v, want one per catalog consumer %v", got, want)
	}
	if len(aca.ServiceBus.Topics) != topics || topics == 0 {
		t.Errorf("%d topics, want %d (one per catalog event on a Service Bus component)", len(aca.ServiceBus.Topics), topics)
	}
	for _, tp := range aca.ServiceBus.Topics {
		if _, ok := events.Lookup(tp.Name); !ok {
			t.Errorf("topic %s is not in the catalog", tp.Name)
		}
		if !tp.Properties.RequiresDuplicateDetection || tp.Properties.DuplicateDetectionHistoryTimeWindow == "" {
			t.Errorf("topic %s: duplicate detection is off", tp.Name)
		}
		if len(tp.Name) > 260 || !regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`).MatchString(tp.Name) {
			t.Errorf("topic name %q is not a valid Service Bus entity name", tp.Name)
		}
	}
	if aca.ServiceBus.Sku == "Basic" {
		t.Error("Service Bus Basic has no topics and no duplicate detection")
	}
}

// sbTopics are the topics on the profile's Service Bus components: those their
// publishingScopes list (every topic has a publisher).
func sbTopics(p *Profile) map[string]bool {
	out := map[string]bool{}
	for _, c := range p.Components {
		if c.Spec.Type != typeServiceBus {
			continue
		}
		for _, topics := range parseScopes(c.Value("publishingScopes")) {
			for _, t := range topics {
				out[t] = true
			}
		}
	}
	return out
}

func duration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatalf("duration %q: %v", s, err)
	}
	return d
}

// TestContainerAppsComponentSchema validates the generated Dapr components and resiliency
// policies against Container Apps' schema (Microsoft.App/managedEnvironments/daprComponents
// and .../resiliencyPolicies): only known fields, well-formed values.
func TestContainerAppsComponentSchema(t *testing.T) {
	_, _, run, _ := loadAll(t)
	var doc struct {
		DaprComponents     []map[string]any `json:"daprComponents"`
		ResiliencyPolicies []map[string]any `json:"resiliencyPolicies"`
	}
	decodeFile(t, ACAPath, &doc)
	apps := map[string]bool{} // the apps of dapr.yaml, and those the catalog names
	for _, a := range run.Apps {
		apps[a.AppID] = true
	}
	for _, a := range events.Apps() {
		apps[a] = true
	}
	typeRe := regexp.MustCompile(`^(state|pubsub|bindings|secretstores|configuration|lock|middleware\.http|conversation|cryptography)\.[a-z0-9]+(\.[a-z0-9]+)*$`)
	nameRe := regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$`)
	names := map[string]bool{}
	for _, c := range doc.DaprComponents {
		name, _ := c["name"].(string)
		onlyKeys(t, "daprComponents["+name+"]", c, "name", "properties")
		if !nameRe.MatchString(name) || names[name] {
			t.Errorf("component name %q: invalid or duplicate", name)
		}
		names[name] = true
		p, _ := c["properties"].(map[string]any)
		onlyKeys(t, name+".properties", p, "componentType", "version", "ignoreErrors", "initTimeout", "metadata", "scopes", "secrets", "secretStoreComponent")
		if ct, _ := p["componentType"].(string); !typeRe.MatchString(ct) {
			t.Errorf("%s: componentType %q", name, ct)
		}
		if v, _ := p["version"].(string); !regexp.MustCompile(`^v\d+$`).MatchString(v) {
			t.Errorf("%s: version %q", name, v)
		}
		if _, ok := p["secrets"]; ok {
			t.Errorf("%s: a keyless deployment has no component secrets", name)
		}
		seen := map[string]bool{}
		for _, m := range asSlice(p["metadata"]) {
			item, _ := m.(map[string]any)
			onlyKeys(t, name+".metadata", item, "name", "value", "secretRef")
			mn, _ := item["name"].(string)
			if _, hasSecret := item["secretRef"]; hasSecret {
				t.Errorf("%s: metadata %s uses secretRef", name, mn)
			}
			if _, isString := item["value"].(string); !isString || mn == "" || seen[mn] {
				t.Errorf("%s: metadata entry %v must have a unique name and a string value", name, item)
			}
			seen[mn] = true
			if mn == "azureClientId" {
				t.Errorf("%s: azureClientId on Container Apps would make every app in scope use one identity", name)
			}
		}
		for _, s := range asSlice(p["scopes"]) { // none: every app may use it, as in Dapr
			if !apps[s.(string)] {
				t.Errorf("%s: scope %v is no app of dapr.yaml or the catalog", name, s)
			}
		}
	}
	for _, r := range doc.ResiliencyPolicies {
		comp, _ := r["component"].(string)
		onlyKeys(t, "resiliencyPolicies["+comp+"]", r, "component", "name", "properties")
		if !names[comp] {
			t.Errorf("resiliency policy for %s, which is no component", comp)
		}
		p, _ := r["properties"].(map[string]any)
		onlyKeys(t, comp+".properties", p, "inboundPolicy", "outboundPolicy")
		for dir, v := range p {
			pol, _ := v.(map[string]any)
			where := comp + "." + dir
			onlyKeys(t, where, pol, "timeoutPolicy", "httpRetryPolicy", "circuitBreakerPolicy")
			if tp, ok := pol["timeoutPolicy"].(map[string]any); ok {
				onlyKeys(t, where+".timeoutPolicy", tp, "responseTimeoutInSeconds")
				positive(t, where+".timeoutPolicy.responseTimeoutInSeconds", tp["responseTimeoutInSeconds"])
			}
			if rp, ok := pol["httpRetryPolicy"].(map[string]any); ok {
				onlyKeys(t, where+".httpRetryPolicy", rp, "maxRetries", "retryBackOff")
				bo, _ := rp["retryBackOff"].(map[string]any)
				onlyKeys(t, where+".retryBackOff", bo, "initialDelayInMilliseconds", "maxIntervalInMilliseconds")
				positive(t, where+".initialDelayInMilliseconds", bo["initialDelayInMilliseconds"])
				if num(bo["maxIntervalInMilliseconds"]) < num(bo["initialDelayInMilliseconds"]) {
					t.Errorf("%s: maxInterval below initialDelay", where)
				}
				if num(rp["maxRetries"]) < 0 {
					t.Errorf("%s: maxRetries < 0", where)
				}
			}
			if cb, ok := pol["circuitBreakerPolicy"].(map[string]any); ok {
				onlyKeys(t, where+".circuitBreakerPolicy", cb, "consecutiveErrors", "intervalInSeconds", "timeoutInSeconds")
				positive(t, where+".consecutiveErrors", cb["consecutiveErrors"])
				positive(t, where+".timeoutInSeconds", cb["timeoutInSeconds"])
			}
		}
		if _, inbound := p["inboundPolicy"]; inbound && !acceptsInbound(doc.DaprComponents, comp) {
			t.Errorf("%s: an inbound policy on a component that delivers nothing to the app", comp)
		}
	}
}

// acceptsInbound: pub/sub components and input bindings call the app.
func acceptsInbound(components []map[string]any, name string) bool {
	for _, c := range components {
		if c["name"] != name {
			continue
		}
		p := c["properties"].(map[string]any)
		ct := p["componentType"].(string)
		if strings.HasPrefix(ct, "pubsub.") || ct == typeCron {
			return true
		}
	}
	return false
}

// TestContainerAppsFormMatchesAzureProfile: generated from components/azure, and checked
// against it too (a hand edit of the JSON that survives regeneration is impossible, but a
// generator bug is not).
func TestContainerAppsFormMatchesAzureProfile(t *testing.T) {
	_, azure, _, aca := loadAll(t)
	if len(aca.DaprComponents) != len(azure.Components) {
		t.Fatalf("%d Container Apps components, %d in components/azure", len(aca.DaprComponents), len(azure.Components))
	}
	for _, g := range aca.DaprComponents {
		c := azure.Component(g.Name)
		if c == nil {
			t.Errorf("Container Apps component %s is not in components/azure", g.Name)
			continue
		}
		p := g.Properties
		if p.ComponentType != c.Spec.Type || p.Version != c.Spec.Version || !slices.Equal(p.Scopes, c.Scopes) {
			t.Errorf("%s: %s %s %v, components/azure has %s %s %v", g.Name, p.ComponentType, p.Version, p.Scopes, c.Spec.Type, c.Spec.Version, c.Scopes)
		}
		var want []NameValue
		for _, it := range c.Spec.Metadata {
			switch {
			case it.EnvRef == ClientIDSetting:
			case it.EnvRef != "":
				want = append(want, NameValue{it.Name, Token(it.EnvRef)})
			default:
				want = append(want, NameValue{it.Name, it.Value})
			}
		}
		if !slices.Equal(p.Metadata, want) {
			t.Errorf("%s: metadata %v, want %v", g.Name, p.Metadata, want)
		}
	}
	for _, tok := range aca.Tokens {
		if !bicepMentions(t, "'"+tok+"'") {
			t.Errorf("token %s is replaced by no Bicep file", tok)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(root, ACAPath))
	for _, m := range regexp.MustCompile(`\$\([A-Z_]+\)`).FindAllString(string(raw), -1) {
		if !slices.Contains(aca.Tokens, m) {
			t.Errorf("%s uses token %s, which is not in its tokens list", ACAPath, m)
		}
	}
}

// TestArrivalRoute: in Azure a File A arrives as the catalog says, on the topic
// blob.created: Event Grid sends the BlobCreated events of the inbox container to that
// Service Bus topic in the CloudEvents schema (the payload intake reads), the topic is
// declared with intake's subscription like every other, intake scales on it, Event Grid
// alone may send to it, and the Bicep builds the route from the generated file.
func TestArrivalRoute(t *testing.T) {
	_, azure, run, aca := loadAll(t)
	e, ok := events.Lookup(events.BlobCreated)
	if !ok || !e.Foreign() || e.CloudEventType() != blobevent.TypeBlobCreated {
		t.Fatalf("the catalog has no %s carrying Event Grid's %s", events.BlobCreated, blobevent.TypeBlobCreated)
	}
	eg := aca.Storage.EventGrid
	if eg == nil {
		t.Fatal("no Event Grid route for blob-created events")
	}
	inbox := azure.Component(step.Inbox).Value("containerName")
	if eg.Container != inbox || eg.Topic != e.Topic || eg.EventDeliverySchema != "CloudEventSchemaV1_0" ||
		!slices.Equal(eg.IncludedEventTypes, []string{blobevent.TypeBlobCreated}) {
		t.Errorf("Event Grid route %+v does not send the inbox container's %s events to topic %s in the CloudEvents 1.0 schema",
			eg, blobevent.TypeBlobCreated, e.Topic)
	}
	// The filter keeps exactly the subjects intake takes for blobs of the inbox.
	if c, name, ok := blobevent.Blob(eg.SubjectBeginsWith + "a/b.csv"); !ok || c != inbox || name != "a/b.csv" ||
		!strings.HasSuffix(eg.SubjectBeginsWith, "/blobs/") {
		t.Errorf("subjectBeginsWith %q does not select the blobs of container %s", eg.SubjectBeginsWith, inbox)
	}

	// The topic and a subscription per catalog consumer (intake's among them) are declared.
	if !slices.ContainsFunc(aca.ServiceBus.Topics, func(tp Topic) bool { return tp.Name == e.Topic }) {
		t.Errorf("topic %s is not among the declared topics", e.Topic)
	}
	if !slices.Contains(e.Consumers, "intake") {
		t.Errorf("the catalog has no intake among the consumers of %s: %v", e.Topic, e.Consumers)
	}
	for _, c := range e.Consumers {
		if !slices.ContainsFunc(aca.ServiceBus.Subscriptions, func(s SBSubscription) bool { return s.Topic == e.Topic && s.Name == c }) {
			t.Errorf("topic %s has no subscription %s", e.Topic, c)
		}
	}

	// Intake reads it through its own subscription and scales on its backlog; no container
	// app may send to it (in Azure Event Grid is its publisher, not the catalog's producer).
	for _, a := range aca.Apps {
		if slices.Contains(a.Access.SendTopics, e.Topic) {
			t.Errorf("%s may send to %s; only Event Grid publishes it in Azure", a.AppID, e.Topic)
		}
		if !slices.Contains(e.Consumers, a.AppID) {
			continue
		}
		if !slices.Contains(a.Access.Receive, Subscription{Topic: e.Topic, Name: a.AppID}) {
			t.Errorf("%s does not receive %s through its subscription", a.AppID, e.Topic)
		}
		if !slices.ContainsFunc(a.ScaleRules, func(r ScaleRule) bool {
			m := r.Custom.Metadata
			return r.Custom.Type == "azure-servicebus" && m["topicName"] == e.Topic && m["subscriptionName"] == a.AppID
		}) {
			t.Errorf("%s has no scale rule on %s/%s", a.AppID, e.Topic, a.AppID)
		}
	}
	if _, ok := notInAzure[e.Producer]; !ok || !slices.ContainsFunc(run.Apps, func(a runfile.App) bool { return a.AppID == e.Producer }) {
		t.Errorf("%s's producer %s should be an app of dapr.yaml that notInAzure keeps out of Azure", e.Topic, e.Producer)
	}

	// The Bicep: the event subscription targets that topic with the system topic's own
	// identity, which gets Data Sender on the topic only; no storage queue is left.
	code := stripBicep(readFile(t, "infra/modules/storage.bicep"))
	raw := mustContain(t, "infra/modules/storage.bicep",
		"endpointType: 'ServiceBusTopic'", "resourceId: arrivalTopic.id", "name: '${serviceBusName}/${eventGrid.topic}'",
		"eventDeliverySchema: eventGrid.eventDeliverySchema", "includedEventTypes: eventGrid.includedEventTypes",
		"subjectBeginsWith: eventGrid.subjectBeginsWith", "scope: arrivalTopic", "principalId: systemTopic.identity.principalId",
		"roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)",
	)
	if regexp.MustCompile(`(?s)deliveryWithResourceIdentity:\s*\{\s*identity:\s*\{\s*type:\s*'SystemAssigned'`).FindString(raw) == "" {
		t.Error("infra/modules/storage.bicep: Event Grid must deliver with the system topic's own identity (the namespace has no keys)")
	}
	if strings.Contains(raw, "StorageQueue") || strings.Contains(raw, "queueServices") {
		t.Error("infra/modules/storage.bicep still routes blob-created events to a storage queue")
	}
	// Every eventGrid.<field> the Bicep reads is in the generated file.
	b, _ := json.Marshal(eg)
	var fields map[string]any
	_ = json.Unmarshal(b, &fields)
	for _, m := range regexp.MustCompile(`\beventGrid\.(\w+)`).FindAllStringSubmatch(code, -1) {
		if _, ok := fields[m[1]]; !ok {
			t.Errorf("infra/modules/storage.bicep reads eventGrid.%s, which generated/aca.json does not have", m[1])
		}
	}
	// The topic exists before the route: the storage module gets the namespace and waits for it.
	res := readFile(t, "infra/modules/resources.bicep")
	storageModule := regexp.MustCompile(`(?s)module storage 'storage\.bicep' = \{.*?\n\}`).FindString(res)
	if !strings.Contains(storageModule, "serviceBusName: serviceBusName") || !regexp.MustCompile(`dependsOn: \[\s*serviceBus\s*\]`).MatchString(storageModule) {
		t.Error("infra/modules/resources.bicep: the storage module needs serviceBusName and must depend on the serviceBus module")
	}
}

// TestContainerAppsMatchRunFile: one container app per app of dapr.yaml that runs in
// Azure, with its app id (also the container app's name), port, protocol, health path and
// body limit; none, no image and no azd service for the apps notInAzure keeps out.
func TestContainerAppsMatchRunFile(t *testing.T) {
	_, azure, run, aca := loadAll(t)
	for app, why := range notInAzure {
		if !slices.ContainsFunc(run.Apps, func(a runfile.App) bool { return a.AppID == app }) {
			t.Errorf("notInAzure names %s, which is no app of dapr.yaml: remove it", app)
		}
		if slices.ContainsFunc(aca.Apps, func(a App) bool { return a.AppID == app }) {
			t.Errorf("%s became a container app, but it %s", app, why)
		}
	}
	apps := AzureApps(run)
	if len(aca.Apps) != len(apps) || len(apps) == 0 {
		t.Fatalf("%d container apps, %d apps of dapr.yaml that run in Azure", len(aca.Apps), len(apps))
	}
	caName := regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}[a-z0-9]$`)
	for i, a := range apps {
		g := aca.Apps[i]
		if g.AppID != a.AppID || g.AppPort != a.AppPort || g.AppProtocol != "http" || !strings.EqualFold(a.AppProtocol, g.AppProtocol) {
			t.Errorf("container app %d: %s:%d %s, dapr.yaml has %s:%d %s", i, g.AppID, g.AppPort, g.AppProtocol, a.AppID, a.AppPort, a.AppProtocol)
		}
		if g.HealthPath != a.AppHealthCheckPath || g.HealthPath == "" {
			t.Errorf("%s: health path %q, dapr.yaml has %q", g.AppID, g.HealthPath, a.AppHealthCheckPath)
		}
		if want := mebibytes(a.MaxBodySize, a.AppID, func(f string, v ...any) { t.Errorf(f, v...) }); g.HTTPMaxRequestSizeMB != want {
			t.Errorf("%s: httpMaxRequestSize %d MB, dapr.yaml's maxBodySize is %s", g.AppID, g.HTTPMaxRequestSizeMB, a.MaxBodySize)
		}
		if !caName.MatchString(g.AppID) {
			t.Errorf("app id %q cannot name a container app", g.AppID)
		}
		// Access follows the scopes of components/azure and the catalog.
		onBus := sbTopics(azure)
		keep := func(topics []string) []string {
			out := []string{}
			for _, t := range topics {
				if onBus[t] {
					out = append(out, t)
				}
			}
			return out
		}
		if want := keep(events.Publishes(a.AppID)); !slices.Equal(sorted(g.Access.SendTopics), sorted(want)) {
			t.Errorf("%s: sends to %v, the catalog says %v", g.AppID, g.Access.SendTopics, want)
		}
		var recv []string
		for _, s := range g.Access.Receive {
			if s.Name != a.AppID {
				t.Errorf("%s: receives from subscription %s", g.AppID, s.Name)
			}
			recv = append(recv, s.Topic)
		}
		if want := keep(events.Consumes(a.AppID)); !slices.Equal(sorted(nonNil(recv)), sorted(want)) {
			t.Errorf("%s: receives %v, the catalog says %v", g.AppID, recv, want)
		}
		for _, c := range azure.Components {
			if c.Spec.Type == typeBlob && c.ScopedTo(a.AppID) != slices.Contains(g.Access.BlobContainers, c.Value("containerName")) {
				t.Errorf("%s: access to container %s disagrees with the scopes of %s", g.AppID, c.Value("containerName"), c.Name())
			}
		}
		// Every subscription that wakes it has its scale rule, and nothing else has one.
		if len(g.ScaleRules) != len(g.Access.Receive) {
			t.Errorf("%s: %d scale rules for %d subscriptions", g.AppID, len(g.ScaleRules), len(g.Access.Receive))
		}
		for _, s := range g.Access.Receive {
			if !slices.ContainsFunc(g.ScaleRules, func(r ScaleRule) bool {
				m := r.Custom.Metadata
				return r.Custom.Type == "azure-servicebus" && m["topicName"] == s.Topic && m["subscriptionName"] == s.Name
			}) {
				t.Errorf("%s: no scale rule on subscription %s/%s", g.AppID, s.Topic, s.Name)
			}
		}
		for _, r := range g.ScaleRules {
			if !regexp.MustCompile(`^[a-z0-9][a-z0-9-]*[a-z0-9]$`).MatchString(r.Name) {
				t.Errorf("%s: scale rule name %q", g.AppID, r.Name)
			}
		}
	}
	// The Bicep takes every app's Dapr settings from the generated file.
	mustContain(t, "infra/modules/app.bicep", "name: app.appId", "appId: app.appId", "appPort: app.appPort", "appProtocol: app.appProtocol",
		"httpMaxRequestSize: app.httpMaxRequestSizeMb", "enabled: true", "path: app.healthPath", "minReplicas: app.minReplicas",
		"identity: identity.id", "'azd-service-name': app.appId")
	// azd deploys each app with its Dockerfile to the container app of the same name.
	azd, params := readFile(t, AzdPath), readFile(t, ParametersPath)
	for _, a := range run.Apps {
		_, skip := notInAzure[a.AppID]
		if !skip && (!strings.Contains(azd, "\n  "+a.AppID+":\n") || !strings.Contains(azd, "path: "+DockerfilePath(a.AppID))) {
			t.Errorf("%s: no service for %s", AzdPath, a.AppID)
		}
		if skip && (strings.Contains(azd, "\n  "+a.AppID+":\n") || strings.Contains(params, "SERVICE_"+envName(a.AppID)+"_IMAGE_NAME")) {
			t.Errorf("%s or %s deploys %s, which does not run in Azure", AzdPath, ParametersPath, a.AppID)
		}
	}
}

func TestDockerfiles(t *testing.T) {
	_, _, run, _ := loadAll(t)
	for _, a := range AzureApps(run) {
		p := DockerfilePath(a.AppID)
		d := readFile(t, p)
		froms := regexp.MustCompile(`(?m)^FROM\s+(\S+)(\s+AS\s+(\S+))?`).FindAllStringSubmatch(d, -1)
		if len(froms) < 2 {
			t.Errorf("%s: not multi-stage", p)
			continue
		}
		final := froms[len(froms)-1][1]
		wants := []string{"COPY --from=" + froms[0][3], fmt.Sprintf("EXPOSE %d", a.AppPort), fmt.Sprintf("ENV APP_PORT=%d CHOREO_LISTEN_ADDR=0.0.0.0", a.AppPort)}
		switch rt, entry := Runtime(a); rt {
		case "node":
			if !strings.HasPrefix(froms[0][1], "node:") || froms[0][3] == "" {
				t.Errorf("%s: the first stage should install with a node image, named", p)
			}
			if !strings.HasPrefix(final, "gcr.io/distroless/nodejs") {
				t.Errorf("%s: final stage %s is not distroless Node.js", p, final)
			}
			wants = append(wants, "apps/"+a.AppID+"/", "--omit=dev", `CMD ["`+entry+`"]`)
		default:
			if !strings.HasPrefix(froms[0][1], "golang:") || froms[0][3] == "" {
				t.Errorf("%s: the first stage should build with a golang image, named", p)
			}
			if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
				t.Errorf("%s: final stage %s is not a static base", p, final)
			}
			wants = append(wants, "CGO_ENABLED=0", "-trimpath", "./apps/"+a.AppID, `ENTRYPOINT ["/`+a.AppID+`"]`)
		}
		for _, want := range wants {
			if froms[0][3] == "" || !strings.Contains(d, want) {
				t.Errorf("%s lacks %q", p, want)
			}
		}
		users := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindAllStringSubmatch(d, -1)
		if len(users) == 0 {
			t.Errorf("%s: no USER: the image would run as root", p)
		} else if u := strings.Split(users[len(users)-1][1], ":")[0]; u == "root" || u == "0" {
			t.Errorf("%s: runs as root", p)
		}
	}
}

// secretPatterns are what keys, connection strings and key look-ups look like in any of
// the deployment files.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)AccountKey=`),
	regexp.MustCompile(`(?i)SharedAccessKey`),
	regexp.MustCompile(`(?i)SharedAccessSignature`),
	regexp.MustCompile(`(?i)DefaultEndpointsProtocol`),
	regexp.MustCompile(`(?i)Endpoint=sb://`),
	regexp.MustCompile(`(?i)\blistKeys\(`),
	regexp.MustCompile(`(?i)\blistConnectionStrings\(`),
	regexp.MustCompile(`(?i)\blistAccountSas\(`),
	regexp.MustCompile(`(?i)\bprimaryKey\b`),
	regexp.MustCompile(`(?i)\bsharedKey\b`),
	regexp.MustCompile(`(?i)adminUserEnabled:\s*true`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
	regexp.MustCompile(`(?i)(password|secret|accountkey|masterkey|connectionstring)\s*[:=]\s*['"][^'"$]{8,}`),
}

func TestNoSecrets(t *testing.T) {
	var files []string
	for _, dir := range []string{"components/azure", "deploy", InfraDir} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".azure" { // azd's local environment, never committed
				return filepath.SkipDir
			}
			if !d.IsDir() && !strings.HasSuffix(p, ".go") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	files = append(files, filepath.Join(root, AzdPath), filepath.Join(root, "docs", "deploy-azure.md"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, re := range secretPatterns {
			if loc := re.FindIndex(raw); loc != nil {
				line := bytes.Count(raw[:loc[0]], []byte("\n")) + 1
				t.Errorf("%s:%d: looks like a secret or a key look-up (%s)", f, line, re)
			}
		}
	}
	// And what turns local authentication off is there.
	for file, want := range map[string]string{
		"infra/modules/servicebus.bicep": "disableLocalAuth: true",
		"infra/modules/storage.bicep":    "allowSharedKeyAccess: false",
		"infra/modules/redis.bicep":      "accessKeysAuthentication: 'Disabled'",
		"infra/modules/registry.bicep":   "adminUserEnabled: false",
	} {
		mustContain(t, file, want)
	}
}

// builtInRoles are the Azure built-in role definition ids the Bicep assigns.
var builtInRoles = map[string]string{
	"acrPull":                    "7f951dda-4ed3-4680-a7ca-43fe172d538d",
	"serviceBusDataSender":       "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
	"serviceBusDataReceiver":     "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
	"serviceBusDataOwner":        "090c5cfd-751d-490a-894a-3ce6f1109419",
	"storageBlobDataContributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
}

// TestBicepWiring is what can be checked of the Bicep without a compiler: balanced
// brackets, modules and the generated file where the Bicep says they are, one Microsoft.App
// API version, the built-in role ids right, no app, topic or container named by hand, and
// the Service Bus and role settings taken from the generated file.
func TestBicepWiring(t *testing.T) {
	_, _, run, aca := loadAll(t)
	files, _ := filepath.Glob(filepath.Join(root, InfraDir, "*.bicep"))
	mods, _ := filepath.Glob(filepath.Join(root, InfraDir, "modules", "*.bicep"))
	files = append(files, mods...)
	if len(files) < 2 {
		t.Fatal("no Bicep files")
	}
	apiVersions := map[string]bool{}
	var names []string // what must not appear as a literal: the generated file's job
	for _, a := range run.Apps {
		names = append(names, a.AppID)
	}
	for _, tp := range aca.ServiceBus.Topics {
		names = append(names, tp.Name)
	}
	names = append(names, aca.Storage.Containers...)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code := stripBicep(string(raw))
		if err := balanced(code); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		for _, m := range regexp.MustCompile(`(?m)^module\s+\w+\s+'([^']+)'`).FindAllStringSubmatch(string(raw), -1) {
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), m[1])); err != nil {
				t.Errorf("%s: module %s does not exist", f, m[1])
			}
		}
		for _, m := range regexp.MustCompile(`load(?:Json|Text)Content\('([^']+)'\)`).FindAllStringSubmatch(string(raw), -1) {
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), m[1])); err != nil {
				t.Errorf("%s: %s does not exist", f, m[1])
			}
		}
		for _, m := range regexp.MustCompile(`'Microsoft\.App/[A-Za-z/]+@([0-9a-z-]+)'`).FindAllStringSubmatch(string(raw), -1) {
			apiVersions[m[1]] = true
		}
		for _, m := range regexp.MustCompile(`(\w+): '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'`).FindAllStringSubmatch(string(raw), -1) {
			if want, ok := builtInRoles[m[1]]; !ok || want != m[2] {
				t.Errorf("%s: role %s = %s, want %q", f, m[1], m[2], want)
			}
		}
		for _, n := range names {
			if strings.Contains(string(raw), "'"+n+"'") {
				t.Errorf("%s names %q by hand; it belongs in generated/aca.json", f, n)
			}
		}
	}
	if len(apiVersions) != 1 {
		t.Errorf("Microsoft.App resources use several API versions: %v", apiVersions)
	}
	for file, wants := range map[string][]string{
		"infra/modules/servicebus.bicep":  {"gen.serviceBus.topics", "gen.serviceBus.subscriptions", "properties: t.properties", "properties: s.properties"},
		"infra/modules/environment.bicep": {"gen.daprComponents", "gen.resiliencyPolicies", "daprComponents/resiliencyPolicies", "string(c.properties)"},
		"infra/modules/storage.bicep":     {"gen.storage.containers", "Microsoft.EventGrid/systemTopics", "deliveryWithResourceIdentity", "eventGrid.subjectBeginsWith"},
		"infra/modules/resources.bicep":   {"for a in gen.apps", "'app.bicep'"},
		"infra/modules/app.bicep":         {"app.access.sendTopics", "app.access.receive", "app.access.blobContainers", "for r in scaleRules"},
		"infra/modules/monitoring.bicep":  {"Microsoft.OperationalInsights/workspaces"},
	} {
		mustContain(t, file, wants...)
	}
	// azd's parameters name the main template's parameters, and an image per app.
	params := readFile(t, ParametersPath)
	main := readFile(t, "infra/main.bicep")
	for _, p := range regexp.MustCompile(`"(\w+)": \{\s*"value"`).FindAllStringSubmatch(params, -1) {
		if !regexp.MustCompile(`(?m)^param ` + p[1] + ` `).MatchString(main) {
			t.Errorf("%s sets %s, which infra/main.bicep does not declare", ParametersPath, p[1])
		}
	}
}

// stripBicep blanks comments and the contents of string literals.
func stripBicep(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "//"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return b.String() + "/* unterminated"
			}
			i += end + 3
		case s[i] == '\'':
			b.WriteString("''")
			for i++; i < len(s) && s[i] != '\''; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func balanced(code string) error {
	var stack []rune
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	line := 1
	for _, r := range code {
		switch r {
		case '\n':
			line++
		case '(', '[', '{':
			stack = append(stack, r)
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != pairs[r] {
				return fmt.Errorf("line %d: unbalanced %q", line, r)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %q", stack[len(stack)-1])
	}
	return nil
}

func bicepMentions(t *testing.T, s string) bool {
	mods, _ := filepath.Glob(filepath.Join(root, InfraDir, "modules", "*.bicep"))
	for _, f := range mods {
		raw, _ := os.ReadFile(f)
		if strings.Contains(string(raw), s) {
			return true
		}
	}
	return false
}

func onlyKeys(t *testing.T, where string, m map[string]any, allowed ...string) {
	t.Helper()
	if m == nil {
		t.Errorf("%s: missing or not an object", where)
		return
	}
	for k := range m {
		if !slices.Contains(allowed, k) {
			t.Errorf("%s: field %q is not in Container Apps' schema (%v)", where, k, allowed)
		}
	}
}

func positive(t *testing.T, where string, v any) {
	t.Helper()
	if num(v) <= 0 {
		t.Errorf("%s: %v is not a positive number", where, v)
	}
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// azureScoped is a sorted scope list without the apps that get no container app.
func azureScoped(scopes []string) []string {
	return sorted(slices.DeleteFunc(slices.Clone(scopes), func(app string) bool {
		_, local := notInAzure[app]
		return local
	}))
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
