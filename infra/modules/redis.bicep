// The state stores' Redis: Azure Managed Redis with access keys disabled, Microsoft Entra
// ID only, TLS on port 10000. EnterpriseCluster presents one endpoint to Dapr's
// non-cluster client; NoEviction, because claims and reservations must never be evicted.
param name string
param location string
param tags object

@description('Smallest Azure Managed Redis size; raise it for more memory or throughput.')
param skuName string = 'Balanced_B0'

resource cluster 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Disabled'
  }
}

output name string = cluster.name
output host string = '${cluster.properties.hostName}:${database.properties.port}'
