import { attributes, resources, taskCounts, taskDetail, VERSION_INFO } from './events.js';
import type { SimInstance, SimService, SimTask, SimTaskDef } from './state.js';
import type { World } from './world.js';

const TIME_FIELDS = [
  'createdAt',
  'connectivityAt',
  'pullStartedAt',
  'pullStoppedAt',
  'startedAt',
  'stoppingAt',
  'executionStoppedAt',
  'stoppedAt',
] as const;

/** Tags as ECS lists them. */
export function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** A DescribeTasks / RunTask `Task` (times as Dates, health, tags on request). */
export function sdkTask(task: SimTask, withTags: boolean): Record<string, unknown> {
  const detail = taskDetail(task);
  const out: Record<string, unknown> = { ...detail };
  for (const field of TIME_FIELDS) {
    if (typeof detail[field] === 'string') out[field] = new Date(detail[field] as string);
  }
  delete out.updatedAt;
  const essential = task.containers.find((c) => c.essential);
  out.healthStatus = essential?.healthStatus ?? 'UNKNOWN';
  out.containers = task.containers.map((c) => ({
    containerArn: c.arn,
    taskArn: task.arn,
    name: c.name,
    image: c.image,
    ...(c.lastStatus !== 'PENDING' ? { runtimeId: c.runtimeId } : {}),
    lastStatus: c.lastStatus,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    healthStatus: c.healthStatus,
    cpu: '0',
  }));
  out.enableExecuteCommand = false;
  if (withTags) out.tags = tagList(task.tags);
  return out;
}

/** A DescribeContainerInstances `ContainerInstance`, with health when asked for. */
export function sdkInstance(world: World, instance: SimInstance, withHealth: boolean): Record<string, unknown> {
  const counts = taskCounts(instance);
  const agentOk = instance.agentConnected;
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    version: instance.version,
    versionInfo: { ...VERSION_INFO },
    remainingResources: resources(instance, 'remaining'),
    registeredResources: resources(instance, 'registered'),
    status: instance.status,
    ...(instance.statusReason ? { statusReason: instance.statusReason } : {}),
    agentConnected: instance.agentConnected,
    runningTasksCount: counts.running,
    pendingTasksCount: counts.pending,
    attributes: attributes(instance),
    registeredAt: new Date(instance.registeredAt),
    attachments: [],
    tags: [],
    ...(withHealth
      ? {
          healthStatus: {
            overallStatus: agentOk ? 'OK' : 'IMPAIRED',
            details: [
              {
                type: 'CONTAINER_RUNTIME',
                status: 'OK',
                lastUpdated: new Date(world.now),
                lastStatusChange: new Date(instance.registeredAt),
              },
              {
                type: 'AGENT_CONNECTIVITY',
                status: agentOk ? 'OK' : 'IMPAIRED',
                lastUpdated: new Date(world.now),
                lastStatusChange: new Date(instance.agentChangedAt),
              },
            ],
          },
        }
      : {}),
  };
}

function deploymentCounts(service: SimService, deploymentId: string) {
  let running = 0;
  let pending = 0;
  for (const task of service.tasks) {
    if (task.deployment?.id !== deploymentId || task.desiredStatus !== 'RUNNING') continue;
    if (task.lastStatus === 'RUNNING') running += 1;
    else pending += 1;
  }
  return { running, pending };
}

/** A DescribeServices `Service`: counts, deployments with rollout state, and the latest service messages. */
export function sdkService(service: SimService): Record<string, unknown> {
  let running = 0;
  let pending = 0;
  for (const task of service.tasks) {
    if (task.desiredStatus !== 'RUNNING') continue;
    if (task.lastStatus === 'RUNNING') running += 1;
    else pending += 1;
  }
  const primary = service.deployments[0];
  const launch = service.spec.capacityProvider
    ? { capacityProviderStrategy: [{ capacityProvider: service.spec.capacityProvider, weight: 1, base: 0 }] }
    : { launchType: service.spec.launchType };
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    status: 'ACTIVE',
    desiredCount: service.desired,
    runningCount: running,
    pendingCount: pending,
    ...launch,
    ...(primary?.def.launchType === 'FARGATE' ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
    taskDefinition: primary?.def.arn,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: {
        enable: service.spec.circuitBreaker !== undefined,
        rollback: service.spec.circuitBreaker?.rollback ?? false,
      },
      ...(service.spec.alarms
        ? { alarms: { alarmNames: [`${service.name}-5xx`], enable: true, rollback: service.spec.alarms.rollback } }
        : {}),
    },
    deployments: service.deployments.map((d) => {
      const counts = deploymentCounts(service, d.id);
      return {
        id: d.id,
        status: d.status,
        taskDefinition: d.def.arn,
        desiredCount: d.status === 'PRIMARY' ? service.desired : counts.running + counts.pending,
        pendingCount: counts.pending,
        runningCount: counts.running,
        failedTasks: d.failedTasks,
        createdAt: new Date(d.createdAt),
        updatedAt: new Date(d.updatedAt),
        ...launch,
        rolloutState: d.rolloutState,
        rolloutStateReason: d.rolloutStateReason,
      };
    }),
    events: service.messages.map((m) => ({ id: m.id, createdAt: new Date(m.createdAt), message: m.message })),
    createdAt: new Date(service.createdAt),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: false,
    propagateTags: 'SERVICE',
    ...(service.spec.tags ? { tags: tagList(service.spec.tags) } : {}),
  };
}

/** A DescribeTaskDefinition `TaskDefinition`: essential flags and awslogs configuration per container. */
export function sdkTaskDefinition(world: World, def: SimTaskDef): Record<string, unknown> {
  const fargate = def.launchType === 'FARGATE';
  return {
    taskDefinitionArn: def.arn,
    family: def.family,
    revision: def.revision,
    status: 'ACTIVE',
    networkMode: fargate ? 'awsvpc' : 'bridge',
    requiresCompatibilities: [def.launchType],
    compatibilities: fargate ? ['EC2', 'FARGATE'] : ['EC2'],
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${world.account}:role/ecsTaskExecutionRole`,
    registeredAt: new Date(def.registeredAt),
    containerDefinitions: def.containers.map((c) => ({
      name: c.name,
      image: c.image,
      essential: c.essential,
      cpu: 0,
      ...(c.essential ? {} : { memoryReservation: 64 }),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `/ecs/${def.family}`,
          'awslogs-region': world.region,
          'awslogs-stream-prefix': 'ecs',
        },
      },
    })),
  };
}
