// The broker: a Service Bus namespace (Standard: topics, duplicate detection), a topic per
// catalog event and a subscription per consumer, all from generated/aca.json. Duplicate
// detection is on for every topic; maxDeliveryCount and lockDuration of the subscriptions
// come from components/azure/pubsub.yaml, whose sidecars manage no entity themselves.
param name string
param location string
param tags object

var gen = loadJsonContent('../generated/aca.json')

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: gen.serviceBus.sku
    tier: gen.serviceBus.sku
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = [for t in gen.serviceBus.topics: {
  parent: namespace
  name: t.name
  properties: t.properties
}]

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [for s in gen.serviceBus.subscriptions: {
  name: '${namespace.name}/${s.topic}/${s.name}'
  properties: s.properties
  dependsOn: [
    topics
  ]
}]

output name string = namespace.name
output host string = '${namespace.name}.servicebus.windows.net'
