/**
 * Helpers for integration tests against the moto_server started by `test/helpers/moto-global.ts`.
 *
 * One server serves every test file, and files may run in parallel: give resources unique names
 * (`uniqueName`) instead of calling `resetMoto()` between files.
 */
import { randomUUID } from 'node:crypto';
import {
  type ContainerDefinition,
  CreateClusterCommand,
  ECSClient,
  type LaunchType,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type Tag,
  type Task,
} from '@aws-sdk/client-ecs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { inject } from 'vitest';

/** Region every helper and client uses. */
export const MOTO_REGION = 'us-east-1';
/** Account moto answers as (its default). */
export const MOTO_ACCOUNT = '123456789012';

/** Base URL of the running moto_server. */
export function motoEndpoint(): string {
  const url = inject('motoEndpoint') || process.env.MOTO_ENDPOINT;
  if (!url) throw new Error('no moto endpoint: is test/helpers/moto-global.ts in vitest globalSetup?');
  return url;
}

/** SDK v3 client configuration pointing at moto, with dummy credentials. */
export function motoClientConfig() {
  return {
    endpoint: motoEndpoint(),
    region: MOTO_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/** A name unique to this run, e.g. `uniqueName('cluster')` → `cluster-1a2b3c4d`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Wipes ALL moto state; only safe when no other test file is using the server at the same time. */
export async function resetMoto(): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

// moto routes a request to a service by the credential scope of its Authorization header; it does not check the signature.
function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20240101/${MOTO_REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** Calls a query-protocol API (EC2, …) on moto without an SDK client; returns the XML text. */
export async function motoQuery(service: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(`${motoEndpoint()}/`, {
    method: 'POST',
    headers: { authorization: authorization(service), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} ${params.Action} failed: HTTP ${response.status} ${text}`);
  return text;
}

/** Calls an AWS-JSON-protocol API (SQS, …) on moto without an SDK client; `target` is e.g. `AmazonSQS.CreateQueue`. */
export async function motoJson<T = Record<string, unknown>>(service: string, target: string, body: object): Promise<T> {
  const response = await fetch(`${motoEndpoint()}/`, {
    method: 'POST',
    headers: {
      authorization: authorization(service),
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': target,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target} failed: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]!);
}

/** Subnets and security group of moto's default VPC, for awsvpc (Fargate) tasks. */
export async function defaultNetwork(): Promise<{ subnetIds: string[]; securityGroupIds: string[] }> {
  const subnets = await motoQuery('ec2', {
    Action: 'DescribeSubnets',
    Version: '2016-11-15',
    'Filter.1.Name': 'default-for-az',
    'Filter.1.Value.1': 'true',
  });
  const groups = await motoQuery('ec2', {
    Action: 'DescribeSecurityGroups',
    Version: '2016-11-15',
    'Filter.1.Name': 'group-name',
    'Filter.1.Value.1': 'default',
  });
  return { subnetIds: xmlValues(subnets, 'subnetId'), securityGroupIds: xmlValues(groups, 'groupId').slice(0, 1) };
}

let ecsClient: ECSClient | undefined;
/** An ECS client on moto (one per test file). */
export function motoEcs(): ECSClient {
  ecsClient ??= new ECSClient(motoClientConfig());
  return ecsClient;
}

/** Creates a cluster; returns its ARN. */
export async function createCluster(name = uniqueName('cluster')): Promise<string> {
  const out = await motoEcs().send(new CreateClusterCommand({ clusterName: name }));
  return out.cluster!.clusterArn!;
}

/** Options of `registerTaskDefinition`; containers default to one essential `app` container. */
export interface TaskDefinitionSeed {
  family?: string;
  containers?: ContainerDefinition[];
  networkMode?: 'awsvpc' | 'bridge' | 'host';
  requiresCompatibilities?: LaunchType[];
  tags?: Tag[];
}

/** Registers a task definition (moto needs cpu/memory on every container, so they are defaulted); returns its ARN. */
export async function registerTaskDefinition(seed: TaskDefinitionSeed = {}): Promise<string> {
  const containers = (seed.containers ?? [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:latest' }]).map(
    (container) => ({ essential: true, cpu: 256, memory: 512, ...container }),
  );
  const out = await motoEcs().send(
    new RegisterTaskDefinitionCommand({
      family: seed.family ?? uniqueName('family'),
      containerDefinitions: containers,
      networkMode: seed.networkMode ?? 'awsvpc',
      requiresCompatibilities: seed.requiresCompatibilities ?? ['FARGATE', 'EC2'],
      cpu: '256',
      memory: '512',
      tags: seed.tags,
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

/** Starts an EC2 instance in moto (no AMI check); returns its instance id. */
export async function runEc2Instance(instanceType = 't3.micro'): Promise<string> {
  const xml = await motoQuery('ec2', {
    Action: 'RunInstances',
    Version: '2016-11-15',
    ImageId: 'ami-12c6146b',
    MinCount: '1',
    MaxCount: '1',
    InstanceType: instanceType,
  });
  return xmlValues(xml, 'instanceId')[0]!;
}

/** Registers a container instance for an EC2 instance (started with `runEc2Instance` when not given); returns its ARN. */
export async function registerContainerInstance(cluster: string, ec2InstanceId?: string): Promise<string> {
  const instanceId = ec2InstanceId ?? (await runEc2Instance());
  const out = await motoEcs().send(
    new RegisterContainerInstanceCommand({
      cluster,
      // moto reads only instanceId, and needs that EC2 instance to exist.
      instanceIdentityDocument: JSON.stringify({ instanceId, region: MOTO_REGION, accountId: MOTO_ACCOUNT }),
    }),
  );
  return out.containerInstance!.containerInstanceArn!;
}

/** Options of `runTask`: FARGATE (default) gets the default-VPC network; EC2 needs a registered instance. */
export interface RunTaskSeed {
  cluster: string;
  taskDefinition: string;
  launchType?: 'FARGATE' | 'EC2';
  count?: number;
  startedBy?: string;
  group?: string;
  tags?: Tag[];
}

/** Runs tasks; returns them as moto created them. */
export async function runTask(seed: RunTaskSeed): Promise<Task[]> {
  const launchType = seed.launchType ?? 'FARGATE';
  const network = launchType === 'FARGATE' ? await defaultNetwork() : undefined;
  const out = await motoEcs().send(
    new RunTaskCommand({
      cluster: seed.cluster,
      taskDefinition: seed.taskDefinition,
      launchType,
      count: seed.count ?? 1,
      startedBy: seed.startedBy,
      group: seed.group,
      tags: seed.tags,
      networkConfiguration: network && {
        awsvpcConfiguration: { subnets: network.subnetIds.slice(0, 1), securityGroups: network.securityGroupIds },
      },
    }),
  );
  return out.tasks ?? [];
}

/** Creates an SNS topic with an SQS queue subscribed to it (`raw`: RawMessageDelivery). */
export async function createTopicWithQueue(name = uniqueName('topic'), options: { raw?: boolean } = {}) {
  const sns = new SNSClient(motoClientConfig());
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await motoJson<{ QueueUrl: string }>('sqs', 'AmazonSQS.CreateQueue', { QueueName: name });
  const queueArn = `arn:aws:sqs:${MOTO_REGION}:${MOTO_ACCOUNT}:${name}`;
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: options.raw ? { RawMessageDelivery: 'true' } : undefined,
    }),
  );
  sns.destroy();
  return { topicArn: TopicArn!, queueUrl: QueueUrl, queueArn };
}

/** SNS's JSON envelope around a message delivered to SQS without RawMessageDelivery. */
export interface SnsEnvelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** One message taken off a queue; `sns` is the parsed envelope when SNS delivered it. */
export interface ReceivedMessage {
  body: string;
  sns?: SnsEnvelope;
}

interface SqsMessage {
  Body: string;
  ReceiptHandle: string;
}

/** Receives and deletes every message currently in the queue. */
export async function receiveAll(queueUrl: string): Promise<ReceivedMessage[]> {
  const received: ReceivedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await motoJson<{ Messages?: SqsMessage[] }>('sqs', 'AmazonSQS.ReceiveMessage', {
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
    });
    if (Messages.length === 0) return received;
    for (const message of Messages) {
      received.push({ body: message.Body, sns: parseEnvelope(message.Body) });
      await motoJson('sqs', 'AmazonSQS.DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
    }
  }
}

function parseEnvelope(body: string): SnsEnvelope | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<SnsEnvelope>;
    return parsed.Type === 'Notification' && typeof parsed.Message === 'string' ? (parsed as SnsEnvelope) : undefined;
  } catch {
    return undefined;
  }
}
