import * as v from 'valibot';

/** Longest text kept from any string field; EventBridge events can carry 256 KB of untrusted text. */
export const MAX_TEXT_LENGTH = 4096;

/** Most list entries (containers, ARNs, tags) kept from one event. */
export const MAX_LIST_LENGTH = 100;

/** Cuts text longer than MAX_TEXT_LENGTH and says how much was cut. */
export function capText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  const code = text.charCodeAt(MAX_TEXT_LENGTH - 1);
  // Don't split a surrogate pair: the half would be an invalid character downstream.
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
  return `${text.slice(0, end)}…[truncated ${text.length - end} chars]`;
}

/** ISO text for an epoch timestamp (DescribeTasks shape); seconds and milliseconds both accepted. */
export function epochToIso(epoch: number): string {
  const millis = Math.abs(epoch) < 1e11 ? epoch * 1000 : epoch;
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) return String(epoch);
  return new Date(millis).toISOString();
}

const Text = v.pipe(v.string(), v.transform(capText));

/** Optional field; `null` counts as absent, as Go and Java serialisers emit it for unset values. */
function maybe<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.pipe(
    v.nullish(schema),
    v.transform((value) => value ?? undefined),
  );
}

/** A list capped at MAX_LIST_LENGTH before its entries are validated, so huge arrays stay cheap. */
function cappedList<TSchema extends v.GenericSchema>(item: TSchema) {
  return v.pipe(
    v.array(v.unknown()),
    v.transform((items) => (items.length > MAX_LIST_LENGTH ? items.slice(0, MAX_LIST_LENGTH) : items)),
    v.array(item),
  );
}

const Timestamp = maybe(v.union([Text, v.pipe(v.number(), v.transform(epochToIso))]));

/** The EventBridge envelope; `detail` is checked separately, per detail-type. */
export const EnvelopeSchema = v.object({
  id: maybe(Text),
  source: Text,
  'detail-type': Text,
  account: maybe(Text),
  region: maybe(Text),
  time: maybe(Text),
  resources: maybe(cappedList(Text)),
});

/** One entry of `detail.containers`. */
export const ContainerSchema = v.object({
  name: maybe(Text),
  containerArn: maybe(Text),
  lastStatus: maybe(Text),
  exitCode: maybe(v.number()),
  reason: maybe(Text),
  image: maybe(Text),
  healthStatus: maybe(Text),
});

/** `detail` of `ECS Task State Change`; hint fields (tags, attachments, network) are read leniently later. */
export const TaskDetailSchema = v.object({
  taskArn: maybe(Text),
  clusterArn: maybe(Text),
  taskDefinitionArn: maybe(Text),
  group: maybe(Text),
  startedBy: maybe(Text),
  launchType: maybe(Text),
  capacityProviderName: maybe(Text),
  platformVersion: maybe(Text),
  containerInstanceArn: maybe(Text),
  availabilityZone: maybe(Text),
  lastStatus: Text,
  desiredStatus: maybe(Text),
  stopCode: maybe(Text),
  stoppedReason: maybe(Text),
  containers: maybe(cappedList(ContainerSchema)),
  overrides: v.optional(v.unknown()),
  tags: v.optional(v.unknown()),
  attachments: v.optional(v.unknown()),
  networkConfiguration: v.optional(v.unknown()),
  version: maybe(v.number()),
  createdAt: Timestamp,
  startedAt: Timestamp,
  stoppingAt: Timestamp,
  stoppedAt: Timestamp,
});

/** `detail` of `ECS Container Instance State Change`. */
export const InstanceDetailSchema = v.object({
  containerInstanceArn: maybe(Text),
  clusterArn: maybe(Text),
  ec2InstanceId: maybe(Text),
  status: Text,
  statusReason: maybe(Text),
  agentConnected: v.boolean(),
  runningTasksCount: maybe(v.number()),
  pendingTasksCount: maybe(v.number()),
  version: maybe(v.number()),
  updatedAt: Timestamp,
});

/** `detail` of `ECS Deployment State Change`. */
export const DeploymentDetailSchema = v.object({
  serviceArn: maybe(Text),
  clusterArn: maybe(Text),
  eventType: maybe(Text),
  eventName: Text,
  deploymentId: maybe(Text),
  reason: maybe(Text),
  updatedAt: Timestamp,
});

/** `detail` of `ECS Service Action`. */
export const ServiceActionDetailSchema = v.object({
  serviceArn: maybe(Text),
  clusterArn: maybe(Text),
  eventType: maybe(Text),
  eventName: Text,
  reason: maybe(Text),
  createdAt: Timestamp,
  capacityProviderArns: maybe(cappedList(Text)),
  containerInstanceArns: maybe(cappedList(Text)),
});

/** Output of EnvelopeSchema. */
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;
/** Output of ContainerSchema. */
export type ContainerDetail = v.InferOutput<typeof ContainerSchema>;
/** Output of TaskDetailSchema. */
export type TaskDetail = v.InferOutput<typeof TaskDetailSchema>;
/** Output of InstanceDetailSchema. */
export type InstanceDetail = v.InferOutput<typeof InstanceDetailSchema>;
/** Output of DeploymentDetailSchema. */
export type DeploymentDetail = v.InferOutput<typeof DeploymentDetailSchema>;
/** Output of ServiceActionDetailSchema. */
export type ServiceActionDetail = v.InferOutput<typeof ServiceActionDetailSchema>;
