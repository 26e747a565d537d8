import { resourceIdFromArn } from '../arn.js';
import type { EventMeta, InstanceEvent } from '../events/types.js';
import { clusterName } from './arn-names.js';
import type { VerdictDraft } from './draft.js';
import { inCluster, inParentheses, nameText, sentence } from './summary-text.js';
import type { Category, Facts } from './types.js';

/** Category of a container-instance event from its status and agent connection. */
function instanceCategory(event: InstanceEvent): Category {
  switch (event.status) {
    case 'DRAINING':
      return 'instance-draining';
    case 'INACTIVE':
    case 'DEREGISTERING':
    case 'REGISTRATION_FAILED':
      return 'instance-deregistered';
    default:
      // A single disconnect is routine (agents reconnect several times an hour); persistence is judged later.
      return event.agentConnected ? 'instance-connected' : 'instance-disconnected';
  }
}

/**
 * The facts every event about a container instance starts with (envelope, cluster, capacity provider, the
 * instance), in compactFacts' key order with no undefined keys (see taskFacts); the caller adds its own after them.
 */
export function instanceSubjectFacts(event: {
  meta: EventMeta;
  containerInstanceArn: string;
  clusterArn: string;
  ec2InstanceId?: string | undefined;
  capacityProviderName?: string | undefined;
}): Facts {
  const { meta, containerInstanceArn, clusterArn } = event;
  const facts: Facts = {
    account: meta.account,
    region: meta.region,
    time: meta.time,
    resourceArn: containerInstanceArn,
    cluster: clusterName(clusterArn),
    clusterArn,
  };
  if (event.capacityProviderName !== undefined) facts.capacityProvider = event.capacityProviderName;
  facts.containerInstanceArn = containerInstanceArn;
  if (event.ec2InstanceId !== undefined) facts.ec2InstanceId = event.ec2InstanceId;
  return facts;
}

/** Facts of a container-instance event. */
function instanceFacts(event: InstanceEvent): Facts {
  const facts = instanceSubjectFacts(event);
  if (event.statusReason !== undefined) facts.reason = event.statusReason;
  facts.lastStatus = event.status;
  if (event.version !== undefined) facts.version = event.version;
  return facts;
}

/** The summary sentence of a container-instance verdict. */
export function instanceSummary(event: InstanceEvent, category: Category, facts: Facts): string {
  const instance = `container instance ${nameText(event.ec2InstanceId ?? resourceIdFromArn(event.containerInstanceArn))}`;
  const where = `${instance}${inCluster(facts.cluster)}`;
  const status = inParentheses(`status ${event.status}`, event.statusReason);
  switch (category) {
    case 'instance-connected':
      return `The ECS agent on ${where} is connected${status}.`;
    case 'instance-disconnected':
      return `The ECS agent on ${where} is disconnected${status}.`;
    case 'instance-draining':
      return `${sentence(where)} is draining${status}.`;
    default:
      return `${sentence(where)} left the cluster${status}.`;
  }
}

/** Classifies an `ECS Container Instance State Change` event. */
export function classifyInstance(event: InstanceEvent): VerdictDraft {
  const category = instanceCategory(event);
  const facts = instanceFacts(event);
  const remediation = category === 'instance-disconnected' ? 'drain-instance' : 'none';
  return { category, remediation, facts };
}
