// File storage: one storage account with shared-key access disabled, the blob containers
// of the storage bindings and the queues of the queue bindings (generated/aca.json), and
// the Event Grid route that turns a new blob in File A Storage into a queue message:
// a system topic on the account, an event subscription for Microsoft.Storage.BlobCreated
// under the inbox container, delivered with the system topic's own identity.
param name string
param location string
param tags object

var gen = loadJsonContent('../generated/aca.json')
var eventGrid = gen.storage.eventGrid

// Built-in role definition ids.
var roles = {
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
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

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for q in gen.storage.queues: {
  parent: queueService
  name: q
}]

resource eventQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: eventGrid.queue
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

// The system topic may add messages to that one queue, nothing else.
resource topicSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventQueue.id, systemTopic.id, roles.storageQueueDataMessageSender)
  scope: eventQueue
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataMessageSender)
  }
  dependsOn: [
    queues
  ]
}

// Event Grid writes each event, in the Event Grid schema, base64-encoded as one queue
// message (hence decodeBase64 in components/azure/blob-events.yaml).
resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'blob-created-to-queue'
  properties: {
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: account.id
          queueName: eventGrid.queue
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    eventDeliverySchema: 'EventGridSchema'
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
