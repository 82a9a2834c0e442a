// File storage: one storage account with shared-key access disabled, the blob containers
// of the storage bindings (generated/aca.json), and the arrival route of File A: an Event
// Grid system topic on the account whose event subscription sends every
// Microsoft.Storage.BlobCreated event under the inbox container, in the CloudEvents 1.0
// schema, to the Service Bus topic blob.created. servicebus.bicep declares that topic and
// intake's subscription on it like every other catalog topic, so the intake replicas take
// the events as competing consumers through Dapr pub/sub. Event Grid delivers with the
// system topic's own identity: the namespace accepts no key.
param name string
param location string
param tags object
@description('Name of the Service Bus namespace (servicebus.bicep) whose topic receives the blob-created events.')
param serviceBusName string
@description('Days each blob of an immutable container (the evidence records) can be neither changed nor deleted.')
@minValue(1)
@maxValue(146000)
param evidenceRetentionDays int

var gen = loadJsonContent('../generated/aca.json')
var eventGrid = gen.storage.eventGrid

// Built-in role definition ids.
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in gen.storage.containers: {
  parent: blobService
  name: c
  properties: {
    publicAccess: 'None'
  }
}]

// Evidence records are write once, read many: a time-based retention policy on their
// container (gen.storage.immutable) refuses every change and delete of a blob until it is
// evidenceRetentionDays old, whatever data role the caller holds. New blobs may still be
// written, which is all the reporter does. The policy is deployed unlocked: it protects
// the records as a locked one does, but an owner of the account may still shorten or
// remove it, e.g. to take down a test deployment. A bank locks it once the retention is
// agreed (docs/evidence.md); a locked policy can only be lengthened.
resource retention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = [for c in gen.storage.immutable: {
  name: '${name}/default/${c}/default'
  properties: {
    immutabilityPeriodSinceCreationInDays: evidenceRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
  dependsOn: [
    containers
  ]
}]

// The topic Event Grid delivers to (blob.created), declared in servicebus.bicep.
resource arrivalTopic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' existing = {
  name: '${serviceBusName}/${eventGrid.topic}'
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${name}'
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The system topic may send to that one topic, nothing else.
resource topicSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(arrivalTopic.id, systemTopic.id, roles.serviceBusDataSender)
  scope: arrivalTopic
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

// Event Grid writes each event as one Service Bus message whose body is the CloudEvent
// (structured JSON); the sidecars of intake read it through the subscription intake, as
// any other event, with the pubsub component's delivery policy and dead-letter topic.
resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'blob-created-to-topic'
  properties: {
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'ServiceBusTopic'
        properties: {
          resourceId: arrivalTopic.id
        }
      }
    }
    eventDeliverySchema: eventGrid.eventDeliverySchema
    filter: {
      includedEventTypes: eventGrid.includedEventTypes
      subjectBeginsWith: eventGrid.subjectBeginsWith
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [
    topicSends
    containers
  ]
}

output name string = account.name
