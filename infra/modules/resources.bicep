// Everything of one environment, in its resource group. generated/aca.json drives every
// loop: one container app per Dapr app, one Dapr component per component of
// components/azure, one topic per catalog event.
param location string
param tags object
param resourceToken string
param principalId string
param principalType string
param images object
param publicApps array
param signInClientId string
param signInClientSecretSettingName string
@secure()
param signInClientSecret string
param maxReplicas int
param appCpu string
param appMemory string
param evidenceRetentionDays int

var gen = loadJsonContent('../generated/aca.json')

// Shown until an app's first image is deployed; it does not answer the app's health probe.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

var serviceBusName = 'sb-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var registryName = 'cr${resourceToken}'

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
  }
}

module registry 'registry.bicep' = {
  name: 'registry'
  params: {
    name: registryName
    location: location
    tags: tags
  }
}

module serviceBus 'servicebus.bicep' = if (gen.serviceBus.enabled) {
  name: 'servicebus'
  params: {
    name: serviceBusName
    location: location
    tags: tags
  }
}

// Storage's Event Grid route delivers to a Service Bus topic (blob.created): the topic,
// and so the namespace, must exist first. The generator fails when that topic is not on
// Service Bus, so gen.serviceBus.enabled holds wherever this route is deployed.
module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    serviceBusName: serviceBusName
    evidenceRetentionDays: evidenceRetentionDays
  }
  dependsOn: [
    serviceBus
  ]
}

module redis 'redis.bicep' = if (gen.redis.enabled) {
  name: 'redis'
  params: {
    name: 'redis-${resourceToken}'
    location: location
    tags: tags
  }
}

var redisHost = gen.redis.enabled ? redis.outputs.host : ''

module environment 'environment.bicep' = {
  name: 'environment'
  params: {
    name: 'cae-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.id
    insightsName: monitoring.outputs.insightsName
    serviceBusName: serviceBusName
    storageAccountName: storageAccountName
    redisHost: redisHost
  }
  dependsOn: [
    serviceBus
    storage
  ]
}

module apps 'app.bicep' = [for a in gen.apps: {
  name: 'app-${a.appId}'
  params: {
    app: a
    location: location
    tags: tags
    environmentId: environment.outputs.id
    registryName: registry.outputs.name
    serviceBusName: serviceBusName
    storageAccountName: storageAccountName
    image: empty(union({ '${a.appId}': '' }, images)[a.appId]) ? placeholderImage : images[a.appId]
    exposed: contains(publicApps, a.appId)
    signInClientId: signInClientId
    signInClientSecretSettingName: signInClientSecretSettingName
    signInClientSecret: signInClientSecret
    maxReplicas: maxReplicas
    cpu: appCpu
    memory: appMemory
  }
  dependsOn: [
    serviceBus
    storage
  ]
}]

// Azure Managed Redis accepts one change of a database at a time: the access policy
// assignments of the apps' identities go one by one. The built-in policy ("default") is
// the only one Azure Managed Redis offers; key prefixes (keyPrefix) separate the apps.
resource redisDatabase 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' existing = {
  name: 'redis-${resourceToken}/default'
}

@batchSize(1)
resource redisAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-04-01' = [for (a, i) in gen.apps: if (gen.redis.enabled && a.access.redis) {
  parent: redisDatabase
  name: take('app${replace(a.appId, '-', '')}', 60)
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: apps[i].outputs.principalId
    }
  }
  dependsOn: [
    redis
  ]
}]

module operator 'operator.bicep' = if (!empty(principalId)) {
  name: 'operator'
  params: {
    principalId: principalId
    principalType: principalType
    serviceBusName: gen.serviceBus.enabled ? serviceBusName : ''
    storageAccountName: storageAccountName
    redisName: gen.redis.enabled ? 'redis-${resourceToken}' : ''
  }
  dependsOn: [
    serviceBus
    storage
    redis
    redisAccess
  ]
}

output registryLoginServer string = registry.outputs.loginServer
output environmentName string = environment.outputs.name
output serviceBusHost string = gen.serviceBus.enabled ? '${serviceBusName}.servicebus.windows.net' : ''
output storageAccountName string = storageAccountName
output redisHost string = redisHost
