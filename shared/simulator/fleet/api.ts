import { ApiFault } from './api-errors.js';
import { sdkInstance, sdkService, sdkTask, sdkTaskDefinition, tagList } from './api-shapes.js';
import { deregister, INACTIVE_VISIBLE_MS, setStatus } from './instances.js';
import { type RunTaskFault, runTask } from './run-task.js';
import type { SimCluster, SimInstance, SimTask } from './state.js';
import { findTaskDef } from './taskdefs.js';
import { requestStop } from './tasks.js';
import type { World } from './world.js';

type Input = Record<string, unknown>;
type Handler = (world: World, input: Input, api: ApiState) => Record<string, unknown>;

/** Mutable API-side settings (the RunTask fault). */
export interface ApiState {
  runTaskFault?: RunTaskFault;
}

/** How long a STOPPED task stays describable (ECS behaviour §1.4). */
export const STOPPED_VISIBLE_MS = 60 * 60_000;

const lastSegment = (id: string) => id.slice(id.lastIndexOf('/') + 1);

function clusterFrom(world: World, input: Input): SimCluster {
  const id = String(input.cluster ?? 'default');
  const name = id.includes(':cluster/') ? id.slice(id.indexOf(':cluster/') + 9) : id;
  const cluster = world.clusters.get(name);
  if (!cluster) throw new ApiFault('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

function page<T>(items: T[], input: Input, defaultSize: number): { items: T[]; nextToken?: string } {
  const max = (input.maxResults as number | undefined) ?? defaultSize;
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw new ApiFault('InvalidParameterException', 'maxResults must be between 1 and 100.');
  const start = input.nextToken ? Number(Buffer.from(String(input.nextToken), 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ApiFault('InvalidParameterException', 'Invalid nextToken.');
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}

function visibleTask(world: World, task: SimTask | undefined): task is SimTask {
  return task !== undefined && (task.stoppedAt === undefined || world.now - task.stoppedAt < STOPPED_VISIBLE_MS);
}

function findTask(world: World, cluster: SimCluster, id: string): SimTask | undefined {
  const task = cluster.tasks.get(id) ?? cluster.tasks.get(world.arn(`task/${cluster.name}/${lastSegment(id)}`));
  return visibleTask(world, task) ? task : undefined;
}

function findInstance(world: World, cluster: SimCluster, id: string): SimInstance | undefined {
  const instance = cluster.instances.find((i) => i.arn === id || i.id === lastSegment(id));
  if (!instance) return undefined;
  if (instance.deregisteredAt !== undefined && world.now - instance.deregisteredAt >= INACTIVE_VISIBLE_MS)
    return undefined;
  return instance;
}

function clusterShape(cluster: SimCluster): Record<string, unknown> {
  let running = 0;
  let pending = 0;
  for (const task of cluster.tasks.values()) {
    if (task.lastStatus === 'RUNNING') running += 1;
    else if (task.lastStatus !== 'STOPPED' && task.lastStatus !== 'DEPROVISIONING') pending += 1;
  }
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: cluster.instances.filter((i) => i.status !== 'INACTIVE').length,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: cluster.services.size,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  };
}

const handlers: Record<string, Handler> = {
  ListClusters(world, input) {
    const { items, nextToken } = page(
      [...world.clusters.values()].map((c) => c.arn),
      input,
      100,
    );
    return { clusterArns: items, ...(nextToken ? { nextToken } : {}) };
  },
  DescribeClusters(world, input) {
    const ids = (input.clusters as string[] | undefined) ?? ['default'];
    if (ids.length > 100)
      throw new ApiFault('InvalidParameterException', 'Clusters cannot have more than 100 elements');
    const clusters: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const name = id.includes(':cluster/') ? id.slice(id.indexOf(':cluster/') + 9) : id;
      const cluster = world.clusters.get(name);
      if (cluster) clusters.push(clusterShape(cluster));
      else failures.push({ arn: id.includes(':cluster/') ? id : world.arn(`cluster/${id}`), reason: 'MISSING' });
    }
    return { clusters, failures };
  },
  ListServices(world, input) {
    const cluster = clusterFrom(world, input);
    const { items, nextToken } = page(
      [...cluster.services.values()].map((s) => s.arn),
      input,
      10,
    );
    return { serviceArns: items, ...(nextToken ? { nextToken } : {}) };
  },
  DescribeServices(world, input) {
    const cluster = clusterFrom(world, input);
    const ids = (input.services as string[] | undefined) ?? [];
    if (ids.length === 0 || ids.length > 10)
      throw new ApiFault('InvalidParameterException', 'services must contain 1 to 10 elements.');
    const services: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const service = cluster.services.get(lastSegment(id));
      if (service) services.push(sdkService(service));
      else
        failures.push({
          arn: id.includes(':service/') ? id : world.arn(`service/${cluster.name}/${id}`),
          reason: 'MISSING',
        });
    }
    return { services, failures };
  },
  ListContainerInstances(world, input) {
    const cluster = clusterFrom(world, input);
    if (input.filter !== undefined && !/^agentConnected\s*==\s*(true|false)$/.test(String(input.filter).trim())) {
      throw new ApiFault(
        'InvalidParameterException',
        'The simulator understands only the filter agentConnected==true|false.',
      );
    }
    const wantConnected = input.filter === undefined ? undefined : String(input.filter).trim().endsWith('true');
    const status = input.status as string | undefined;
    const instances = cluster.instances.filter(
      (i) =>
        (status ? i.status === status : i.status !== 'INACTIVE') &&
        findInstance(world, cluster, i.arn) !== undefined &&
        (wantConnected === undefined || i.agentConnected === wantConnected),
    );
    const { items, nextToken } = page(
      instances.map((i) => i.arn),
      input,
      100,
    );
    return { containerInstanceArns: items, ...(nextToken ? { nextToken } : {}) };
  },
  DescribeContainerInstances(world, input) {
    const cluster = clusterFrom(world, input);
    const ids = (input.containerInstances as string[] | undefined) ?? [];
    if (ids.length === 0 || ids.length > 100)
      throw new ApiFault('InvalidParameterException', 'containerInstances must contain 1 to 100 elements.');
    const withHealth = ((input.include as string[] | undefined) ?? []).includes('CONTAINER_INSTANCE_HEALTH');
    const containerInstances: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const instance = findInstance(world, cluster, id);
      if (instance) containerInstances.push(sdkInstance(world, instance, withHealth));
      else
        failures.push({
          arn: id.includes(':container-instance/') ? id : world.arn(`container-instance/${cluster.name}/${id}`),
          reason: 'MISSING',
        });
    }
    return { containerInstances, failures };
  },
  ListTasks(world, input) {
    const cluster = clusterFrom(world, input);
    const desired = (input.desiredStatus as string | undefined) ?? 'RUNNING';
    const instanceId = input.containerInstance as string | undefined;
    const instance = instanceId ? findInstance(world, cluster, instanceId) : undefined;
    if (instanceId && !instance)
      throw new ApiFault('InvalidParameterException', 'The referenced container instance was not found.');
    const tasks = [...cluster.tasks.values()].filter(
      (t) =>
        visibleTask(world, t) &&
        t.desiredStatus === desired &&
        (!instance || t.instance === instance) &&
        (!input.serviceName || t.service?.name === lastSegment(String(input.serviceName))) &&
        (!input.family || t.def.family === input.family) &&
        (!input.startedBy || t.startedBy === input.startedBy) &&
        (!input.launchType || t.launchType === input.launchType),
    );
    const { items, nextToken } = page(
      tasks.map((t) => t.arn),
      input,
      100,
    );
    return { taskArns: items, ...(nextToken ? { nextToken } : {}) };
  },
  DescribeTasks(world, input) {
    const cluster = clusterFrom(world, input);
    const ids = (input.tasks as string[] | undefined) ?? [];
    if (ids.length === 0 || ids.length > 100)
      throw new ApiFault('InvalidParameterException', 'Tasks cannot be empty or have more than 100 elements.');
    const withTags = ((input.include as string[] | undefined) ?? []).includes('TAGS');
    const tasks: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const task = findTask(world, cluster, id);
      if (task) tasks.push(sdkTask(task, withTags));
      else
        failures.push({ arn: id.includes(':task/') ? id : world.arn(`task/${cluster.name}/${id}`), reason: 'MISSING' });
    }
    return { tasks, failures };
  },
  ListTagsForResource(world, input) {
    const arn = String(input.resourceArn ?? '');
    for (const cluster of world.clusters.values()) {
      if (arn === cluster.arn) return { tags: [] };
      const task = cluster.tasks.get(arn);
      if (task && visibleTask(world, task)) return { tags: tagList(task.tags) };
      const service = [...cluster.services.values()].find((s) => s.arn === arn);
      if (service) return { tags: tagList(service.spec.tags ?? {}) };
      if (cluster.instances.some((i) => i.arn === arn)) return { tags: [] };
    }
    const def = arn.includes(':task-definition/') ? findTaskDef(world, arn) : undefined;
    if (def) return { tags: tagList(def.tags) };
    throw new ApiFault('InvalidParameterException', 'The specified resource is not found.');
  },
  DescribeTaskDefinition(world, input) {
    const def = findTaskDef(world, String(input.taskDefinition ?? ''));
    if (!def) throw new ApiFault('ClientException', 'Unable to describe task definition.');
    const withTags = ((input.include as string[] | undefined) ?? []).includes('TAGS');
    return { taskDefinition: sdkTaskDefinition(world, def), ...(withTags ? { tags: tagList(def.tags) } : {}) };
  },
  UpdateContainerInstancesState(world, input) {
    const cluster = clusterFrom(world, input);
    const ids = (input.containerInstances as string[] | undefined) ?? [];
    const status = input.status as string;
    if (status !== 'ACTIVE' && status !== 'DRAINING') {
      throw new ApiFault(
        'InvalidParameterException',
        'Container instances status can be set to ACTIVE or DRAINING only.',
      );
    }
    if (ids.length === 0 || ids.length > 10)
      throw new ApiFault('InvalidParameterException', 'containerInstances must contain 1 to 10 elements.');
    const containerInstances: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const id of ids) {
      const instance = findInstance(world, cluster, id);
      if (!instance) failures.push({ arn: id, reason: 'MISSING' });
      else if (instance.status === 'INACTIVE') failures.push({ arn: instance.arn, reason: 'INACTIVE' });
      else if (status === 'DRAINING' && instance.status !== 'ACTIVE' && instance.status !== 'DRAINING') {
        failures.push({ arn: instance.arn, reason: 'INVALID_STATE' });
      } else {
        setStatus(world, instance, status, 'monitor');
        containerInstances.push(sdkInstance(world, instance, false));
      }
    }
    return { containerInstances, failures };
  },
  DeregisterContainerInstance(world, input) {
    const cluster = clusterFrom(world, input);
    const instance = findInstance(world, cluster, String(input.containerInstance ?? ''));
    if (!instance) throw new ApiFault('InvalidParameterException', 'The referenced container instance was not found.');
    if (instance.status !== 'INACTIVE') {
      if (!input.force && instance.tasks.size > 0) {
        throw new ApiFault('InvalidParameterException', 'Found running tasks on the instance.');
      }
      deregister(world, instance, 'monitor', 'Container instance deregistration forced by user');
    }
    return { containerInstance: sdkInstance(world, instance, false) };
  },
  RunTask(world, input, api) {
    return runTask(world, clusterFrom(world, input), input, api.runTaskFault);
  },
  StopTask(world, input) {
    const cluster = clusterFrom(world, input);
    const task = findTask(world, cluster, String(input.task ?? ''));
    if (!task) throw new ApiFault('InvalidParameterException', 'The referenced task was not found.');
    requestStop(world, task, {
      stopCode: 'UserInitiated',
      reason: (input.reason as string | undefined) ?? 'Task stopped by user',
      cause: 'user',
    });
    return { task: sdkTask(task, false) };
  },
};

/** Answers one ECS API call from the fleet's state at `world.now`; throws ApiFault for an API error. */
export function answer(world: World, command: string, input: Input, api: ApiState): Record<string, unknown> {
  const handler = handlers[command];
  if (!handler) throw new ApiFault('InvalidParameterException', `${command} is not modelled by the fleet simulator.`);
  return handler(world, input, api);
}
