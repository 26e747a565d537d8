// Writes test/fixtures/demo/bad-deploy-day.jsonl: the demo incident `npm start` replays.
// One morning in cluster "prod": a bad deploy that crash-loops and is rolled back by the circuit breaker,
// an EC2 instance whose agent never comes back (and one whose agent reconnects, as agents do), a Spot
// interruption of an opted-in standalone job, and the normal churn around them. Run: node scripts/make-demo.mjs
import { writeFileSync } from 'node:fs';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`;
const at = (hhmmss) => `2026-11-27T${hhmmss}Z`;
let seq = 0;

function envelope(detailType, time, resource, detail) {
  seq += 1;
  return {
    version: '0',
    id: `d3m0${String(seq).padStart(4, '0')}-0000-4000-8000-000000000000`,
    'detail-type': detailType,
    source: 'aws.ecs',
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [resource],
    detail,
  };
}

const taskArn = (id) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/${id}`;
const instanceArn = (id) => `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/prod/${id}`;
const serviceArn = (name) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`;

function task(time, id, opts) {
  const detail = {
    clusterArn: CLUSTER_ARN,
    taskArn: taskArn(id),
    taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${opts.family}:${opts.revision ?? 1}`,
    group: opts.group,
    launchType: opts.launchType ?? 'EC2',
    lastStatus: opts.lastStatus ?? 'STOPPED',
    desiredStatus: opts.desiredStatus ?? 'STOPPED',
    version: opts.version ?? 5,
    containers: opts.containers,
    createdAt: opts.createdAt ?? time,
    updatedAt: time,
  };
  for (const key of [
    'startedBy',
    'stopCode',
    'stoppedReason',
    'containerInstanceArn',
    'capacityProviderName',
    'tags',
    'platformVersion',
    'attachments',
  ]) {
    if (opts[key] !== undefined) detail[key] = opts[key];
  }
  if (detail.lastStatus === 'STOPPED') detail.stoppedAt = time;
  return envelope('ECS Task State Change', time, detail.taskArn, detail);
}

function container(name, exitCode, reason, image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:2026.11.27`) {
  const c = {
    containerArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container/prod/${name}-${seq}`,
    name,
    image,
    lastStatus: 'STOPPED',
  };
  if (exitCode !== undefined) c.exitCode = exitCode;
  if (reason !== undefined) c.reason = reason;
  return c;
}

function instance(time, id, ec2, status, agentConnected, version) {
  return envelope('ECS Container Instance State Change', time, instanceArn(id), {
    clusterArn: CLUSTER_ARN,
    containerInstanceArn: instanceArn(id),
    ec2InstanceId: ec2,
    status,
    agentConnected,
    version,
    runningTasksCount: agentConnected ? 4 : 3,
    pendingTasksCount: 0,
    registeredAt: at('06:00:00'),
    updatedAt: time,
  });
}

function deployment(time, service, eventName, eventType, deploymentId, reason) {
  return envelope('ECS Deployment State Change', time, serviceArn(service), {
    eventType,
    eventName,
    deploymentId,
    updatedAt: time,
    reason,
  });
}

function serviceAction(time, service, eventName, eventType) {
  return envelope('ECS Service Action', time, serviceArn(service), {
    eventType,
    eventName,
    clusterArn: CLUSTER_ARN,
    createdAt: time,
  });
}

const crash = (time, id, version = 5) =>
  task(time, id, {
    family: 'orders-api',
    revision: 42,
    group: 'service:orders-api',
    startedBy: 'ecs-svc/7000000000000000042',
    version,
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [container('log-router', 0), container('api', 1)],
  });

const events = [
  deployment(
    at('09:00:00'),
    'orders-api',
    'SERVICE_DEPLOYMENT_IN_PROGRESS',
    'INFO',
    'ecs-svc/7000000000000000042',
    'ECS deployment ecs-svc/7000000000000000042 in progress.',
  ),
  task(at('09:00:20'), 'a1b2c3d4e5f60718293a4b5c6d7e8f90', {
    family: 'orders-api',
    revision: 42,
    group: 'service:orders-api',
    startedBy: 'ecs-svc/7000000000000000042',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    version: 3,
    containers: [{ name: 'api', lastStatus: 'RUNNING' }],
  }),
  task(at('09:00:30'), '0ld0000000000000000000000000a001', {
    family: 'orders-api',
    revision: 41,
    group: 'service:orders-api',
    startedBy: 'ecs-svc/7000000000000000041',
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/7000000000000000042)',
    containers: [container('api', 143)],
  }),
  crash(at('09:01:10'), 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
  crash(at('09:01:10'), 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
  crash(at('09:02:40'), 'b1b2c3d4e5f60718293a4b5c6d7e8f91'),
  task(at('09:03:00'), '0ld0000000000000000000000000a002', {
    family: 'orders-api',
    revision: 41,
    group: 'service:orders-api',
    startedBy: 'ecs-svc/7000000000000000041',
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/7000000000000000042)',
    containers: [container('api', 137)],
  }),
  crash(at('09:04:05'), 'c1b2c3d4e5f60718293a4b5c6d7e8f92'),
  deployment(
    at('09:06:30'),
    'orders-api',
    'SERVICE_DEPLOYMENT_FAILED',
    'ERROR',
    'ecs-svc/7000000000000000042',
    'ECS deployment circuit breaker: task failed to start.',
  ),
  deployment(
    at('09:06:40'),
    'orders-api',
    'SERVICE_DEPLOYMENT_IN_PROGRESS',
    'INFO',
    'ecs-svc/7000000000000000043',
    'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/7000000000000000041.',
  ),
  crash(at('09:07:00'), 'd1b2c3d4e5f60718293a4b5c6d7e8f93'),
  deployment(
    at('09:09:30'),
    'orders-api',
    'SERVICE_DEPLOYMENT_COMPLETED',
    'INFO',
    'ecs-svc/7000000000000000043',
    'ECS deployment ecs-svc/7000000000000000043 completed.',
  ),
  serviceAction(at('09:10:00'), 'orders-api', 'SERVICE_STEADY_STATE', 'INFO'),
  instance(at('09:20:00'), '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', 'i-0aa1bb2cc3dd4ee5f', 'ACTIVE', false, 10),
  instance(at('09:20:40'), '9f8e7d6c5b4a49382716f5e4d3c2b1a0', 'i-0ff9ee8dd7cc6bb5a', 'ACTIVE', false, 20),
  instance(at('09:21:30'), '9f8e7d6c5b4a49382716f5e4d3c2b1a0', 'i-0ff9ee8dd7cc6bb5a', 'ACTIVE', true, 21),
  instance(at('09:21:30'), '9f8e7d6c5b4a49382716f5e4d3c2b1a0', 'i-0ff9ee8dd7cc6bb5a', 'ACTIVE', true, 21),
  task(at('09:27:10'), 'e1b2c3d4e5f60718293a4b5c6d7e8f94', {
    family: 'cart',
    revision: 7,
    group: 'service:cart',
    startedBy: 'ecs-svc/7100000000000000007',
    containerInstanceArn: instanceArn('1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6'),
    stoppedReason: 'Host EC2 (instance i-0aa1bb2cc3dd4ee5f) terminated.',
    containers: [container('cart', undefined)],
  }),
  task(at('09:27:11'), 'f1b2c3d4e5f60718293a4b5c6d7e8f95', {
    family: 'cart',
    revision: 7,
    group: 'service:cart',
    startedBy: 'ecs-svc/7100000000000000007',
    containerInstanceArn: instanceArn('1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6'),
    stoppedReason: 'Host EC2 (instance i-0aa1bb2cc3dd4ee5f) terminated.',
    containers: [container('cart', undefined)],
  }),
  task(at('09:40:00'), '5b0t0000000000000000000000000001', {
    family: 'batch-etl',
    revision: 3,
    group: 'family:batch-etl',
    launchType: 'FARGATE',
    capacityProviderName: 'FARGATE_SPOT',
    platformVersion: '1.4.0',
    lastStatus: 'RUNNING',
    desiredStatus: 'STOPPED',
    version: 3,
    stopCode: 'SpotInterruption',
    stoppedReason: 'Your Spot Task was interrupted.',
    tags: [{ key: 'ecs-lookout:replace', value: 'true' }],
    containers: [{ name: 'etl', lastStatus: 'RUNNING' }],
  }),
  task(at('09:42:01'), '5b0t0000000000000000000000000001', {
    family: 'batch-etl',
    revision: 3,
    group: 'family:batch-etl',
    launchType: 'FARGATE',
    capacityProviderName: 'FARGATE_SPOT',
    platformVersion: '1.4.0',
    version: 4,
    stopCode: 'SpotInterruption',
    stoppedReason: 'Your Spot Task was interrupted.',
    tags: [{ key: 'ecs-lookout:replace', value: 'true' }],
    containers: [container('etl', 143)],
  }),
  task(at('09:45:00'), '5ca1e00000000000000000000000c001', {
    family: 'cart',
    revision: 7,
    group: 'service:cart',
    startedBy: 'ecs-svc/7100000000000000007',
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/7100000000000000007)',
    containers: [container('cart', 137)],
  }),
  task(at('09:46:00'), '05e50000000000000000000000000001', {
    family: 'db-migrate',
    revision: 12,
    group: 'family:db-migrate',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [container('migrate', 0)],
  }),
  task(at('09:47:00'), '05e50000000000000000000000000002', {
    family: 'debug-shell',
    revision: 1,
    group: 'family:debug-shell',
    stopCode: 'UserInitiated',
    stoppedReason: 'Task stopped by user',
    containers: [container('shell', 137)],
  }),
  instance(at('09:50:00'), '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', 'i-0aa1bb2cc3dd4ee5f', 'INACTIVE', false, 12),
  serviceAction(at('09:55:00'), 'cart', 'SERVICE_STEADY_STATE', 'INFO'),
];

const out = new URL('../test/fixtures/demo/bad-deploy-day.jsonl', import.meta.url);
writeFileSync(out, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
console.log(`wrote ${events.length} events to ${out.pathname}`);
