package deploy

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/evidence"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/runfile"
	"github.com/paychoreo/choreography/internal/step"
)

// Settings are the values that differ per deployment. components/azure reads them from
// the sidecar's environment (envRef); the Container Apps form carries them as tokens,
// $(NAME), that infra/modules replaces with the names of the resources it deploys.
var Settings = map[string]string{
	"AZURE_SERVICEBUS_NAMESPACE": "host name of the Service Bus namespace (<name>.servicebus.windows.net)",
	"AZURE_STORAGE_ACCOUNT":      "name of the storage account",
	"AZURE_REDIS_HOST":           "<host>:<port> of the Azure Managed Redis database",
	ClientIDSetting:              "client id of the sidecar's user-assigned identity (empty: system-assigned)",
}

// ClientIDSetting selects the identity a sidecar authenticates with. On Container Apps
// the generator drops it: a component is shared by several apps but can name only one
// client id, so each app's sidecar uses its own system-assigned identity instead, and
// role assignments stay per app (see docs/deploy-azure.md, "Identities").
const ClientIDSetting = "AZURE_CLIENT_ID"

// serviceBusNameToken is the namespace's plain name, which KEDA's scaler wants.
const serviceBusNameToken = "$(AZURE_SERVICEBUS_NAME)"

// Token is how a setting appears in the Container Apps form.
func Token(setting string) string { return "$(" + setting + ")" }

// The component types the generator knows how to deploy; any other type passes through
// to the Container Apps form, and its infrastructure and roles are the deployer's to add.
const (
	typeServiceBus  = "pubsub.azure.servicebus.topics"
	typeBlob        = "bindings.azure.blobstorage"
	typeRedis       = "state.redis"
	typeRedisPubSub = "pubsub.redis"
	typeCron        = "bindings.cron"
)

// notInAzure are the apps of dapr.yaml that get no container app, and why. Everything
// else derived from dapr.yaml (container apps, Dockerfiles, azd services, image
// parameters) skips them.
var notInAzure = map[string]string{
	// It plays Event Grid for a local inbox folder (and lends `choreo upload` its sidecar
	// on Azurite). In Azure, Event Grid itself publishes blob.created (Storage.EventGrid).
	events.InboxWatch: "plays Event Grid for a local inbox folder; in Azure, Event Grid publishes blob.created",
	// A job that loads the sample senders at the start of a local run; in Azure people
	// apply reference tables with `choreo refdata apply --by --note` (docs/deploy-azure.md).
	refdata.LoaderApp: "loads the sample reference table at the start of a local run; in Azure, choreo refdata apply",
}

// AzureApps are the apps of dapr.yaml that run as container apps, in dapr.yaml's order.
func AzureApps(run *runfile.File) []runfile.App {
	var out []runfile.App
	for _, a := range run.Apps {
		if _, skip := notInAzure[a.AppID]; !skip {
			out = append(out, a)
		}
	}
	return out
}

// cloudEventSchema is how Event Grid writes blob.created: each event one Service Bus
// message whose body is the CloudEvents 1.0 JSON document, which the sidecar hands intake
// as the CloudEvent it is (blob.created's payload is Event Grid's: events.Entry.Foreign).
const cloudEventSchema = "CloudEventSchemaV1_0"

// Service Bus settings that are design decisions rather than component metadata.
const (
	// Duplicate detection recognises a re-sent message by its MessageId within this window.
	duplicateWindow = "PT10M"
	// Undelivered messages expire (and are dead-lettered) after this.
	messageTTL = "P14D"
	// The Standard tier offers topics, duplicate detection and sessions; Basic has no topics.
	serviceBusSku = "Standard"
)

// ACA is infra/generated/aca.json: everything the Bicep deploys per component, app or topic.
type ACA struct {
	GeneratedBy        string             `json:"generatedBy"`
	Tokens             []string           `json:"tokens"`
	Apps               []App              `json:"apps"`
	DaprComponents     []DaprComponent    `json:"daprComponents"`
	ResiliencyPolicies []ResiliencyPolicy `json:"resiliencyPolicies"`
	ServiceBus         ServiceBus         `json:"serviceBus"`
	Storage            Storage            `json:"storage"`
	Redis              Redis              `json:"redis"`
}

// App is one container app with Dapr enabled, from dapr.yaml.
type App struct {
	AppID                string      `json:"appId"`
	AppPort              int         `json:"appPort"`
	AppProtocol          string      `json:"appProtocol"`
	HealthPath           string      `json:"healthPath"`
	HTTPMaxRequestSizeMB int         `json:"httpMaxRequestSizeMb"`
	LogLevel             string      `json:"logLevel"`
	MinReplicas          int         `json:"minReplicas"`
	ScaleRules           []ScaleRule `json:"scaleRules"`
	Access               Access      `json:"access"`
	// SignIn: people sign in with Entra ID through Container Apps' authentication before
	// the app serves them (servesPeople); the app believes the platform's principal
	// headers then, and only then (CHOREO_USER_AUTH=easyauth, internal/userauth).
	SignIn bool `json:"signIn"`
}

// ScaleRule is a Container Apps (KEDA) custom scale rule; the Bicep adds the identity.
type ScaleRule struct {
	Name   string     `json:"name"`
	Custom CustomRule `json:"custom"`
}

// CustomRule is the custom part of a scale rule.
type CustomRule struct {
	Type     string            `json:"type"`
	Metadata map[string]string `json:"metadata"`
}

// Access is what an app's sidecar reaches, and so the roles its identity gets.
type Access struct {
	SendTopics     []string       `json:"sendTopics"`
	Receive        []Subscription `json:"receive"`
	BlobContainers []string       `json:"blobContainers"`
	Redis          bool           `json:"redis"`
}

// Subscription names a topic subscription.
type Subscription struct {
	Topic string `json:"topic"`
	Name  string `json:"name"`
}

// DaprComponent is Microsoft.App/managedEnvironments/daprComponents: name and properties.
type DaprComponent struct {
	Name       string              `json:"name"`
	Properties ComponentProperties `json:"properties"`
}

// ComponentProperties is the Container Apps schema of a Dapr component.
type ComponentProperties struct {
	ComponentType string      `json:"componentType"`
	Version       string      `json:"version"`
	IgnoreErrors  bool        `json:"ignoreErrors"`
	InitTimeout   string      `json:"initTimeout,omitempty"`
	Metadata      []NameValue `json:"metadata"`
	Scopes        []string    `json:"scopes"`
}

// NameValue is one metadata entry of a Container Apps Dapr component.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ResiliencyPolicy is Microsoft.App/managedEnvironments/daprComponents/resiliencyPolicies.
type ResiliencyPolicy struct {
	Component  string               `json:"component"`
	Name       string               `json:"name"`
	Properties ResiliencyProperties `json:"properties"`
}

// ResiliencyProperties holds the two directions of a component's policy.
type ResiliencyProperties struct {
	InboundPolicy  *Policy `json:"inboundPolicy,omitempty"`
	OutboundPolicy *Policy `json:"outboundPolicy,omitempty"`
}

// Policy is one direction: timeout, retry with back-off, circuit breaker.
type Policy struct {
	TimeoutPolicy        *TimeoutPolicy    `json:"timeoutPolicy,omitempty"`
	HTTPRetryPolicy      *HTTPRetryPolicy  `json:"httpRetryPolicy,omitempty"`
	CircuitBreakerPolicy *CircuitBreakerCA `json:"circuitBreakerPolicy,omitempty"`
}

// TimeoutPolicy bounds one call.
type TimeoutPolicy struct {
	ResponseTimeoutInSeconds int `json:"responseTimeoutInSeconds"`
}

// HTTPRetryPolicy retries with exponential back-off between the two bounds.
type HTTPRetryPolicy struct {
	MaxRetries   int          `json:"maxRetries"`
	RetryBackOff RetryBackOff `json:"retryBackOff"`
}

// RetryBackOff bounds the back-off.
type RetryBackOff struct {
	InitialDelayInMilliseconds int `json:"initialDelayInMilliseconds"`
	MaxIntervalInMilliseconds  int `json:"maxIntervalInMilliseconds"`
}

// CircuitBreakerCA is Container Apps' circuit breaker.
type CircuitBreakerCA struct {
	ConsecutiveErrors int `json:"consecutiveErrors"`
	IntervalInSeconds int `json:"intervalInSeconds"`
	TimeoutInSeconds  int `json:"timeoutInSeconds"`
}

// ServiceBus is the namespace's topology: a topic per catalog event, a subscription per
// consumer named after it.
type ServiceBus struct {
	Enabled       bool             `json:"enabled"`
	Sku           string           `json:"sku"`
	Topics        []Topic          `json:"topics"`
	Subscriptions []SBSubscription `json:"subscriptions"`
}

// Topic is Microsoft.ServiceBus/namespaces/topics.
type Topic struct {
	Name       string          `json:"name"`
	Properties TopicProperties `json:"properties"`
}

// TopicProperties is the part of a topic's properties the choreography decides.
type TopicProperties struct {
	RequiresDuplicateDetection          bool   `json:"requiresDuplicateDetection"`
	DuplicateDetectionHistoryTimeWindow string `json:"duplicateDetectionHistoryTimeWindow"`
	DefaultMessageTimeToLive            string `json:"defaultMessageTimeToLive"`
	SupportOrdering                     bool   `json:"supportOrdering"`
	EnablePartitioning                  bool   `json:"enablePartitioning"`
}

// SBSubscription is Microsoft.ServiceBus/namespaces/topics/subscriptions.
type SBSubscription struct {
	Topic      string                 `json:"topic"`
	Name       string                 `json:"name"`
	Properties SubscriptionProperties `json:"properties"`
}

// SubscriptionProperties is the part of a subscription's properties the choreography
// decides, taken from the pubsub component where it has them.
type SubscriptionProperties struct {
	MaxDeliveryCount                 int    `json:"maxDeliveryCount"`
	LockDuration                     string `json:"lockDuration"`
	RequiresSession                  bool   `json:"requiresSession"`
	DeadLetteringOnMessageExpiration bool   `json:"deadLetteringOnMessageExpiration"`
	DefaultMessageTimeToLive         string `json:"defaultMessageTimeToLive"`
}

// Storage lists the containers of the storage account and the Event Grid subscription
// that announces each new File A on the Service Bus topic blob.created.
type Storage struct {
	Containers []string `json:"containers"`
	// Immutable are the containers kept write once, read many by a time-based retention
	// policy (storage.bicep): the evidence records (internal/evidence).
	Immutable []string   `json:"immutable"`
	EventGrid *EventGrid `json:"eventGrid"`
}

// EventGrid routes the BlobCreated events of one container to one Service Bus topic, in
// one delivery schema.
type EventGrid struct {
	Container           string   `json:"container"`
	Topic               string   `json:"topic"`
	EventDeliverySchema string   `json:"eventDeliverySchema"`
	IncludedEventTypes  []string `json:"includedEventTypes"`
	SubjectBeginsWith   string   `json:"subjectBeginsWith"`
}

// Redis says whether an Azure Managed Redis database backs the state stores.
type Redis struct {
	Enabled bool `json:"enabled"`
}

// Build derives the Container Apps form from the Azure profile, the run file and the
// event catalog. It reports every problem at once.
func Build(azure *Profile, run *runfile.File) (*ACA, error) {
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	out := &ACA{
		GeneratedBy: "cmd/acagen from components/azure, dapr.yaml and internal/events; do not edit (go run ./cmd/acagen)",
		Tokens:      []string{Token("AZURE_REDIS_HOST"), Token("AZURE_SERVICEBUS_NAMESPACE"), serviceBusNameToken, Token("AZURE_STORAGE_ACCOUNT")},
	}
	for _, c := range azure.Components {
		out.DaprComponents = append(out.DaprComponents, daprComponent(c, fail))
	}
	out.ResiliencyPolicies = resiliencyPolicies(azure, fail)
	out.ServiceBus = serviceBus(azure, fail)
	out.Storage = storage(azure, out.ServiceBus, fail)
	for _, c := range azure.Components {
		if c.Spec.Type == typeRedis || c.Spec.Type == typeRedisPubSub {
			out.Redis.Enabled = true
		}
	}
	for _, a := range AzureApps(run) {
		out.Apps = append(out.Apps, app(a, azure, fail))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("deploy: %s", strings.Join(errs, "\n"))
	}
	return out, nil
}

func daprComponent(c *Component, fail func(string, ...any)) DaprComponent {
	props := ComponentProperties{
		ComponentType: c.Spec.Type,
		Version:       c.Spec.Version,
		IgnoreErrors:  c.Spec.IgnoreErrors,
		InitTimeout:   c.Spec.InitTimeout,
		Metadata:      []NameValue{},
		Scopes:        append([]string{}, c.Scopes...),
	}
	for _, it := range c.Spec.Metadata {
		switch {
		case it.SecretKeyRef != nil:
			fail("%s: metadata %s: secretKeyRef has no place in a keyless profile", c.Name(), it.Name)
		case it.EnvRef == ClientIDSetting:
			// Dropped: the sidecar uses its app's system-assigned identity (see ClientIDSetting).
		case it.EnvRef != "":
			if _, ok := Settings[it.EnvRef]; !ok {
				fail("%s: metadata %s: envRef %s is not one of the deployment settings %v", c.Name(), it.Name, it.EnvRef, sortedKeys(Settings))
			}
			props.Metadata = append(props.Metadata, NameValue{it.Name, Token(it.EnvRef)})
		default:
			props.Metadata = append(props.Metadata, NameValue{it.Name, it.Value})
		}
	}
	return DaprComponent{Name: c.Name(), Properties: props}
}

// resiliencyPolicies turns the profile's Resiliency targets into one Container Apps policy
// per component. Container Apps retries with exponential back-off only: a constant Dapr
// retry becomes equal initial and maximum delays.
func resiliencyPolicies(p *Profile, fail func(string, ...any)) []ResiliencyPolicy {
	if p.Resiliency == nil {
		fail("%s: no Resiliency resource", p.Dir)
		return nil
	}
	r := p.Resiliency
	var out []ResiliencyPolicy
	for _, name := range sortedKeys(r.Spec.Targets.Components) {
		if p.Component(name) == nil {
			fail("%s: resiliency target %s is not a component of the profile", r.File, name)
			continue
		}
		t := r.Spec.Targets.Components[name]
		props := ResiliencyProperties{
			InboundPolicy:  policy(r, name+" inbound", t.Inbound, fail),
			OutboundPolicy: policy(r, name+" outbound", t.Outbound, fail),
		}
		out = append(out, ResiliencyPolicy{Component: name, Name: "resiliency", Properties: props})
	}
	return out
}

func policy(r *Resiliency, where string, refs *PolicyRefs, fail func(string, ...any)) *Policy {
	if refs == nil {
		return nil
	}
	p := &Policy{}
	if refs.Timeout != "" {
		d, ok := r.Spec.Policies.Timeouts[refs.Timeout]
		if !ok {
			fail("%s: timeout policy %q is not defined", where, refs.Timeout)
		} else {
			p.TimeoutPolicy = &TimeoutPolicy{ResponseTimeoutInSeconds: seconds(d, where, fail)}
		}
	}
	if refs.Retry != "" {
		rp, ok := r.Spec.Policies.Retries[refs.Retry]
		if !ok {
			fail("%s: retry policy %q is not defined", where, refs.Retry)
		} else {
			p.HTTPRetryPolicy = retry(rp, where, fail)
		}
	}
	if refs.CircuitBreaker != "" {
		cb, ok := r.Spec.Policies.CircuitBreakers[refs.CircuitBreaker]
		if !ok {
			fail("%s: circuit breaker %q is not defined", where, refs.CircuitBreaker)
		} else {
			p.CircuitBreakerPolicy = breaker(cb, where, fail)
		}
	}
	return p
}

func retry(rp RetryPolicy, where string, fail func(string, ...any)) *HTTPRetryPolicy {
	if rp.MaxRetries == nil || *rp.MaxRetries < 0 {
		fail("%s: a retry policy needs a finite maxRetries on Container Apps", where)
		return nil
	}
	out := &HTTPRetryPolicy{MaxRetries: *rp.MaxRetries}
	switch rp.Policy {
	case "constant":
		ms := millis(rp.Duration, where, fail)
		out.RetryBackOff = RetryBackOff{ms, ms}
	case "exponential":
		// Dapr's defaults for an exponential policy: 500 ms initially, at most 60 s.
		initial, maxInterval := or(rp.InitialInterval, "500ms"), or(rp.MaxInterval, "60s")
		out.RetryBackOff = RetryBackOff{millis(initial, where, fail), millis(maxInterval, where, fail)}
	default:
		fail("%s: retry policy %q is neither constant nor exponential", where, rp.Policy)
	}
	return out
}

var tripRe = regexp.MustCompile(`^\s*consecutiveFailures\s*(>=|>)\s*(\d+)\s*$`)

// breaker maps Dapr's trip expression to Container Apps' count of consecutive errors:
// "consecutiveFailures > 8" opens on the 9th failure, so consecutiveErrors is 9.
func breaker(cb CircuitBreaker, where string, fail func(string, ...any)) *CircuitBreakerCA {
	m := tripRe.FindStringSubmatch(cb.Trip)
	if m == nil {
		fail("%s: circuit breaker trip %q is not \"consecutiveFailures > N\"", where, cb.Trip)
		return nil
	}
	n, _ := strconv.Atoi(m[2])
	if m[1] == ">" {
		n++
	}
	return &CircuitBreakerCA{
		ConsecutiveErrors: n,
		IntervalInSeconds: seconds(cb.Interval, where, fail),
		TimeoutInSeconds:  seconds(cb.Timeout, where, fail),
	}
}

// pubsubScopes is what a pub/sub component's scopes say: per app the topics it may
// publish and subscribe to, and every topic on the component (each has a publisher).
type pubsubScopes struct {
	comp     *Component
	pub, sub map[string][]string
	topics   []string
	// open: no subscriptionScopes, so any app may subscribe to any topic of the
	// component (a public announcement bus); its consumers are the catalog's.
	open bool
}

// serviceBusComponents reads the scopes of every Service Bus pub/sub component. The
// topology follows the components' scopes rather than the catalog directly, so a topic
// travels on the component that lists it (TestComponentsMatchCatalog ties the scopes to
// the catalog).
func serviceBusComponents(p *Profile) []pubsubScopes {
	var out []pubsubScopes
	for _, c := range p.Components {
		if c.Spec.Type != typeServiceBus {
			continue
		}
		ps := pubsubScopes{comp: c, pub: parseScopes(c.Value("publishingScopes")), sub: parseScopes(c.Value("subscriptionScopes")),
			open: c.Value("subscriptionScopes") == ""}
		onComponent := map[string]bool{}
		for _, topics := range ps.pub {
			for _, t := range topics {
				onComponent[t] = true
			}
		}
		for _, e := range events.Catalog { // catalog order first
			if onComponent[e.Topic] {
				ps.topics = append(ps.topics, e.Topic)
				delete(onComponent, e.Topic)
			}
		}
		ps.topics = append(ps.topics, sortedKeys(onComponent)...)
		out = append(out, ps)
	}
	return out
}

// parseScopes reads "app=t1,t2;app2=t3".
func parseScopes(v string) map[string][]string {
	out := map[string][]string{}
	for _, part := range strings.Split(v, ";") {
		app, topics, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || app == "" {
			continue
		}
		for _, t := range strings.Split(topics, ",") {
			if t = strings.TrimSpace(t); t != "" {
				out[app] = append(out[app], t)
			}
		}
	}
	return out
}

// consumers of a topic: the catalog's, in its order, where the component lets them
// subscribe (people, events.Operator, read with their own subscription), then any app the
// scopes add. On Service Bus every consumer needs its subscription declared, so an open
// bus's consumers are those the catalog names.
func (ps pubsubScopes) consumers(topic string) []string {
	var out []string
	if e, ok := events.Lookup(topic); ok {
		for _, c := range e.Consumers {
			if c == events.Operator || ps.open || slices.Contains(ps.sub[c], topic) {
				out = append(out, c)
			}
		}
	}
	for _, app := range sortedKeys(ps.sub) {
		if slices.Contains(ps.sub[app], topic) && !slices.Contains(out, app) {
			out = append(out, app)
		}
	}
	return out
}

// receives lists the topics of the component app subscribes to.
func (ps pubsubScopes) receives(app string) []string {
	var out []string
	for _, t := range ps.topics {
		if slices.Contains(ps.consumers(t), app) {
			out = append(out, t)
		}
	}
	return out
}

func serviceBus(p *Profile, fail func(string, ...any)) ServiceBus {
	sb := ServiceBus{Sku: serviceBusSku, Topics: []Topic{}, Subscriptions: []SBSubscription{}}
	seen := map[string]string{}
	for _, ps := range serviceBusComponents(p) {
		sb.Enabled = true
		if ps.comp.Value("consumerID") != "" {
			fail("%s: consumerID is set; subscriptions are named after the app id (Dapr's default)", ps.comp.File)
		}
		maxDelivery := intValue(ps.comp, "maxDeliveryCount", fail)
		lock := intValue(ps.comp, "lockDurationInSec", fail)
		for _, t := range ps.topics {
			if other, dup := seen[t]; dup {
				fail("topic %s is on both %s and %s, which share one namespace", t, other, ps.comp.Name())
				continue
			}
			seen[t] = ps.comp.Name()
			sb.Topics = append(sb.Topics, Topic{Name: t, Properties: TopicProperties{
				RequiresDuplicateDetection:          true,
				DuplicateDetectionHistoryTimeWindow: duplicateWindow,
				DefaultMessageTimeToLive:            messageTTL,
			}})
			for _, consumer := range ps.consumers(t) {
				sb.Subscriptions = append(sb.Subscriptions, SBSubscription{Topic: t, Name: consumer,
					Properties: SubscriptionProperties{
						MaxDeliveryCount:                 maxDelivery,
						LockDuration:                     fmt.Sprintf("PT%dS", lock),
						RequiresSession:                  false,
						DeadLetteringOnMessageExpiration: true,
						DefaultMessageTimeToLive:         messageTTL,
					}})
			}
		}
	}
	return sb
}

func storage(p *Profile, sb ServiceBus, fail func(string, ...any)) Storage {
	s := Storage{Containers: []string{}, Immutable: []string{}}
	for _, c := range p.Components {
		if n := c.Value("containerName"); c.Spec.Type == typeBlob && n != "" && !slices.Contains(s.Containers, n) {
			s.Containers = append(s.Containers, n)
		}
	}
	slices.Sort(s.Containers)
	if c := p.Component(evidence.Area); c != nil && c.Spec.Type == typeBlob {
		s.Immutable = append(s.Immutable, c.Value("containerName"))
	}
	s.EventGrid = arrival(p, sb, fail)
	return s
}

// arrival is how a File A arrives in Azure: Event Grid sends the BlobCreated events of
// the inbox container to the topic blob.created, declared with the other catalog topics
// and their subscriptions, where intake's replicas compete for them. Event Grid is the
// topic's only publisher in Azure; the catalog's producer (inbox-watch) plays it locally.
func arrival(p *Profile, sb ServiceBus, fail func(string, ...any)) *EventGrid {
	e, ok := events.Lookup(events.BlobCreated)
	if !ok || !e.Foreign() {
		fail("internal/events: %s is not in the catalog as Event Grid's event: nothing would announce a File A", events.BlobCreated)
		return nil
	}
	inbox := p.Component(step.Inbox)
	if inbox == nil || inbox.Spec.Type != typeBlob {
		fail("%s: Event Grid announces blobs only when %s is %s", p.Dir, step.Inbox, typeBlob)
		return nil
	}
	if !slices.ContainsFunc(sb.Topics, func(t Topic) bool { return t.Name == e.Topic }) {
		fail("%s: topic %s is on no Service Bus component: Event Grid delivers it to a declared Service Bus topic", p.Dir, e.Topic)
		return nil
	}
	c := inbox.Value("containerName")
	return &EventGrid{
		Container:           c,
		Topic:               e.Topic,
		EventDeliverySchema: cloudEventSchema,
		IncludedEventTypes:  []string{e.CloudEventType()},
		SubjectBeginsWith:   blobevent.Subject(c, ""),
	}
}

// app derives one container app: Dapr settings from dapr.yaml, access from the scopes of
// the components (pub/sub scopes included), scale rules from what wakes the app: one
// KEDA rule per Service Bus subscription it reads (intake's on blob.created included),
// and one replica kept for a cron binding.
func app(a runfile.App, p *Profile, fail func(string, ...any)) App {
	out := App{
		AppID:                a.AppID,
		AppPort:              a.AppPort,
		AppProtocol:          strings.ToLower(a.AppProtocol),
		HealthPath:           a.AppHealthCheckPath,
		HTTPMaxRequestSizeMB: mebibytes(a.MaxBodySize, a.AppID, fail),
		LogLevel:             or(a.LogLevel, "info"),
		ScaleRules:           []ScaleRule{},
		Access:               Access{SendTopics: []string{}, Receive: []Subscription{}, BlobContainers: []string{}},
		SignIn:               servesPeople[a.AppID] != "",
	}
	if out.AppProtocol == "" {
		out.AppProtocol = "http"
	}
	for _, ps := range serviceBusComponents(p) {
		if !ps.comp.ScopedTo(a.AppID) {
			continue
		}
		out.Access.SendTopics = append(out.Access.SendTopics, ps.pub[a.AppID]...)
		for _, t := range ps.receives(a.AppID) {
			out.Access.Receive = append(out.Access.Receive, Subscription{Topic: t, Name: a.AppID})
			out.ScaleRules = append(out.ScaleRules, ScaleRule{Name: ruleName("sb", t), Custom: CustomRule{
				Type: "azure-servicebus",
				Metadata: map[string]string{
					"namespace": serviceBusNameToken, "topicName": t, "subscriptionName": a.AppID, "messageCount": "5",
				},
			}})
		}
	}
	for _, c := range p.Components {
		if !c.ScopedTo(a.AppID) {
			continue
		}
		switch c.Spec.Type {
		case typeBlob:
			if n := c.Value("containerName"); !slices.Contains(out.Access.BlobContainers, n) {
				out.Access.BlobContainers = append(out.Access.BlobContainers, n)
			}
		case typeRedis, typeRedisPubSub:
			out.Access.Redis = true
		case typeCron:
			// Nothing outside the replica wakes a cron binding: keep one replica running.
			out.MinReplicas = 1
		}
	}
	slices.Sort(out.Access.BlobContainers)
	return out
}

var ruleChars = regexp.MustCompile(`[^a-z0-9]+`)

// ruleName makes a scale rule name: lower-case letters, digits and dashes.
func ruleName(kind, entity string) string {
	return kind + "-" + strings.Trim(ruleChars.ReplaceAllString(strings.ToLower(entity), "-"), "-")
}

func intValue(c *Component, key string, fail func(string, ...any)) int {
	n, err := strconv.Atoi(c.Value(key))
	if err != nil {
		fail("%s: metadata %s = %q is not a number", c.File, key, c.Value(key))
	}
	return n
}

func seconds(d, where string, fail func(string, ...any)) int {
	v, err := time.ParseDuration(d)
	if err != nil || v <= 0 || v%time.Second != 0 {
		fail("%s: %q is not a whole number of seconds", where, d)
		return 0
	}
	return int(v / time.Second)
}

func millis(d, where string, fail func(string, ...any)) int {
	v, err := time.ParseDuration(d)
	if err != nil || v <= 0 || v%time.Millisecond != 0 {
		fail("%s: %q is not a whole number of milliseconds", where, d)
		return 0
	}
	return int(v / time.Millisecond)
}

// mebibytes reads dapr.yaml's maxBodySize ("256Mi") as Container Apps' httpMaxRequestSize,
// which is in MB; an empty value keeps Dapr's default (4).
func mebibytes(q, app string, fail func(string, ...any)) int {
	if q == "" {
		return 4
	}
	for suffix, mult := range map[string]int{"Mi": 1, "M": 1, "Gi": 1024, "G": 1000} {
		if n, ok := strings.CutSuffix(q, suffix); ok {
			if v, err := strconv.Atoi(n); err == nil && v > 0 {
				return v * mult
			}
		}
	}
	fail("%s: maxBodySize %q is not a size in Mi or Gi", app, q)
	return 0
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
