// Command daprd-slim is daprd 1.18 (the pinned Dapr module, unchanged) with only the
// components this project's profiles use registered: the full build carries ~140
// component packages, and every sidecar keeps the pages of that 130 MB binary resident
// (about 125 MiB of each sidecar's RSS at rest). A component type not listed here fails
// to load with "couldn't find ... in the registry": add its one line below, or run the
// full daprd (make daprd), which every profile works with.
//
// Built by scripts/daprd.sh slim with a go build overlay that empties Dapr's
// cmd/daprd/components/zz_notag.go, the file that stops a daprd built without
// component tags (docs/performance.md).
package main

import (
	"github.com/dapr/components-contrib/bindings"
	"github.com/dapr/components-contrib/bindings/azure/blobstorage"
	"github.com/dapr/components-contrib/bindings/azure/storagequeues"
	"github.com/dapr/components-contrib/bindings/cron"
	"github.com/dapr/components-contrib/bindings/localstorage"
	"github.com/dapr/components-contrib/nameresolution/mdns"
	"github.com/dapr/components-contrib/pubsub/azure/servicebus/topics"
	"github.com/dapr/components-contrib/pubsub/rabbitmq"
	pubsubredis "github.com/dapr/components-contrib/pubsub/redis"
	stateredis "github.com/dapr/components-contrib/state/redis"
	"github.com/dapr/dapr/cmd/daprd/app"
	bindingsLoader "github.com/dapr/dapr/pkg/components/bindings"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
	"github.com/dapr/kit/logger"
)

func init() {
	// components/local, components/rabbitmq, components/azurite, components/azure
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(localstorage.NewLocalStorage, "localstorage")
	bindingsLoader.DefaultRegistry.RegisterInputBinding(cron.NewCron, "cron")
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(blobstorage.NewAzureBlobStorage, "azure.blobstorage")
	bindingsLoader.DefaultRegistry.RegisterInputBinding(func(l logger.Logger) bindings.InputBinding {
		return storagequeues.NewAzureStorageQueues(l)
	}, "azure.storagequeues")
	bindingsLoader.DefaultRegistry.RegisterOutputBinding(func(l logger.Logger) bindings.OutputBinding {
		return storagequeues.NewAzureStorageQueues(l)
	}, "azure.storagequeues")
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubredis.NewRedisStreams, "redis")
	pubsubLoader.DefaultRegistry.RegisterComponent(rabbitmq.NewRabbitMQ, "rabbitmq")
	pubsubLoader.DefaultRegistry.RegisterComponent(topics.NewAzureServiceBusTopics, "azure.servicebus.topics", "azure.servicebus")
	stateLoader.DefaultRegistry.RegisterComponent(stateredis.NewRedisStateStore, "redis")
	// service invocation between sidecars on one machine (choreo's redrive and submit)
	nrLoader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
}

func main() { app.Run() }
