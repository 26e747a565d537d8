import type { Cluster, ContainerInstance, Deployment, Resource, Service } from '@aws-sdk/client-ecs';
import type {
  ClusterSnapshot,
  DeploymentSnapshot,
  InstanceSnapshot,
  ResourceUnits,
  ServiceSnapshot,
} from '../../domain/report/snapshot.js';

const iso = (date: Date | undefined): string | undefined =>
  date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;

function units(resources: Resource[] | undefined, name: string): number | undefined {
  const resource = resources?.find((r) => r.name === name);
  return (
    resource?.integerValue ??
    resource?.doubleValue ??
    (resource?.longValue === undefined ? undefined : Number(resource.longValue))
  );
}

function resourceUnits(instance: ContainerInstance, name: string): ResourceUnits | undefined {
  const registered = units(instance.registeredResources, name);
  const remaining = units(instance.remainingResources, name);
  return registered === undefined || remaining === undefined ? undefined : { registered, remaining };
}

/** A cluster's counts from DescribeClusters, before its services and instances are read. */
export function toClusterBase(cluster: Cluster): ClusterSnapshot {
  return {
    name: cluster.clusterName ?? cluster.clusterArn ?? '?',
    arn: cluster.clusterArn,
    status: cluster.status,
    runningTasks: cluster.runningTasksCount,
    pendingTasks: cluster.pendingTasksCount,
    services: [],
    allServices: false,
    instances: [],
  };
}

function toDeployment(deployment: Deployment): DeploymentSnapshot {
  return {
    id: deployment.id ?? '?',
    status: deployment.status ?? 'PRIMARY',
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    desired: deployment.desiredCount ?? 0,
    running: deployment.runningCount ?? 0,
    pending: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    createdAt: iso(deployment.createdAt),
    updatedAt: iso(deployment.updatedAt),
  };
}

/** The fields of a DescribeServices entry the report uses. */
export function toServiceSnapshot(service: Service): ServiceSnapshot {
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  return {
    name: service.serviceName ?? service.serviceArn ?? '?',
    arn: service.serviceArn,
    status: service.status ?? 'ACTIVE',
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    createdAt: iso(service.createdAt),
    deployments: (service.deployments ?? []).map(toDeployment),
    circuitBreaker: breaker ? { enabled: Boolean(breaker.enable), rollback: Boolean(breaker.rollback) } : undefined,
    events: (service.events ?? []).flatMap((event) => {
      const at = iso(event.createdAt);
      return at && event.message !== undefined ? [{ at, message: event.message }] : [];
    }),
  };
}

/**
 * The fields of a DescribeContainerInstances entry the report uses. A disconnected agent's start is the
 * AGENT_CONNECTIVITY health check's last status change (returned with `include: CONTAINER_INSTANCE_HEALTH`).
 */
export function toInstanceSnapshot(instance: ContainerInstance): InstanceSnapshot {
  const agent = instance.healthStatus?.details?.find((detail) => detail.type === 'AGENT_CONNECTIVITY');
  const connected = instance.agentConnected !== false;
  return {
    arn: instance.containerInstanceArn ?? '?',
    ec2InstanceId: instance.ec2InstanceId,
    status: instance.status ?? 'ACTIVE',
    agentConnected: connected,
    disconnectedSince: connected || agent?.status === 'OK' ? undefined : iso(agent?.lastStatusChange),
    cpu: resourceUnits(instance, 'CPU'),
    memory: resourceUnits(instance, 'MEMORY'),
    runningTasks: instance.runningTasksCount ?? 0,
  };
}
