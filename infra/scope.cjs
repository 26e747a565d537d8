'use strict';
/**
 * Package-time helpers for serverless.yml: turns stage params (clusters, replaceFamilies, role ARNs)
 * into cluster-scoped EventBridge patterns and IAM lists. Used as `${file(infra/scope.cjs):<name>}`;
 * osls calls the exported resolvers with `{ resolveVariable }`. The `build*` functions are pure (tested).
 */
const basePatterns = require('./event-patterns.json');

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
// EventBridge rejects patterns longer than this (quota "Event pattern size").
const MAX_PATTERN_CHARS = 2048;
const OPT_IN_TAG = 'ecs-lookout:replace';
// CloudFormation Fn::Sub placeholders, escaped from JavaScript interpolation.
const ACCOUNT_ARN = `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:`;

/** Splits a comma-separated param into trimmed, non-empty items. */
function splitList(value) {
  if (value === undefined || value === null) return [];
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function checkAll(param, items, pattern, what) {
  for (const item of items) {
    if (!pattern.test(item)) throw new Error(`param ${param}: "${item}" is not ${what}`);
  }
  return items;
}

/** Cluster names from the `clusters` param (names, not ARNs: the runtime compares names). */
function parseClusters(value) {
  return checkAll('clusters', splitList(value), NAME, 'a cluster name (letters, digits, - and _)');
}

/** Task definition families from the `replaceFamilies` param. */
function parseFamilies(value) {
  return checkAll('replaceFamilies', splitList(value), NAME, 'a task definition family name');
}

/** Role ARNs from `taskRoleArns`/`executionRoleArns`; wildcards are refused so PassRole stays narrow. */
function parseRoleArns(...values) {
  const arns = values.flatMap(splitList);
  return checkAll('taskRoleArns/executionRoleArns', arns, ROLE_ARN, 'a role ARN without wildcards');
}

/** The four ECS rule patterns, narrowed to the given clusters in any account and region (none: all clusters). */
function buildEventPatterns(clusters) {
  const patterns = {};
  for (const [name, entry] of Object.entries(basePatterns)) {
    if (!entry.pattern) continue;
    const pattern = structuredClone(entry.pattern);
    if (clusters.length > 0) {
      if (name === 'deploymentStateChange') {
        // Deployment events carry no clusterArn; the service ARN (resources[0]) names the cluster.
        // Old-format service ARNs (service/<name>, no cluster) cannot be scoped and are dropped.
        pattern.resources = clusters.map((cluster) => ({ wildcard: `arn:*:ecs:*:*:service/${cluster}/*` }));
      } else {
        pattern.detail = {
          ...pattern.detail,
          clusterArn: clusters.map((c) => ({ wildcard: `arn:*:ecs:*:*:cluster/${c}` })),
        };
      }
    }
    if (JSON.stringify(pattern).length > MAX_PATTERN_CHARS) {
      throw new Error(
        `param clusters: the ${name} pattern exceeds ${MAX_PATTERN_CHARS} characters; list fewer clusters`,
      );
    }
    patterns[name] = pattern;
  }
  return patterns;
}

/** Cluster ARNs for `ecs:cluster` conditions: the configured clusters, or every cluster of this account and Region. */
function buildClusterArns(clusters) {
  const names = clusters.length > 0 ? clusters : ['*'];
  return names.map((name) => ({ 'Fn::Sub': `${ACCOUNT_ARN}cluster/${name}` }));
}

/** Task ARNs in the clusters in scope (long ARN format: task/<cluster>/<id>), for the tag-on-create grant. */
function buildTaskArns(clusters) {
  const names = clusters.length > 0 ? clusters : ['*'];
  return names.map((name) => ({ 'Fn::Sub': `${ACCOUNT_ARN}task/${name}/*` }));
}

/**
 * IAM statements for replacing standalone tasks: RunTask on opted-in task definitions, tagging the task
 * RunTask creates (the replacement carries the original task's tags), PassRole.
 */
function buildReplacementStatements({ clusters, families, roleArns }) {
  const inClusters = { ArnEquals: { 'ecs:cluster': buildClusterArns(clusters) } };
  const statements = [];
  if (families.length > 0) {
    statements.push({
      Sid: 'RunOptedInFamilies',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: families.map((family) => ({ 'Fn::Sub': `${ACCOUNT_ARN}task-definition/${family}:*` })),
      Condition: inClusters,
    });
  }
  // The tag opt-in: only task definitions their owners tagged ecs-lookout:replace=true.
  statements.push({
    Sid: 'RunTaggedDefinitions',
    Effect: 'Allow',
    Action: 'ecs:RunTask',
    Resource: { 'Fn::Sub': `${ACCOUNT_ARN}task-definition/*:*` },
    Condition: { ...inClusters, StringEquals: { [`aws:ResourceTag/${OPT_IN_TAG}`]: 'true' } },
  });
  // RunTask with tags is also authorised as ecs:TagResource on the new task. ecs:CreateAction limits it to
  // tagging at creation; TagResource has no ecs:cluster key, so the task ARNs carry the cluster scope.
  statements.push({
    Sid: 'TagReplacementTasksOnCreate',
    Effect: 'Allow',
    Action: 'ecs:TagResource',
    Resource: buildTaskArns(clusters),
    Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
  });
  if (roleArns.length > 0) {
    statements.push({
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: roleArns,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  }
  return statements;
}

/** ARN of an SSM parameter (Slack webhook, bot token), named with or without a leading slash; errors name the param. */
function buildParameterArn(name, paramName = 'slackWebhookParam') {
  if (!/^\/?[A-Za-z0-9_.\-/]{1,1011}$/.test(name)) {
    throw new Error(`param ${paramName}: "${name}" is not an SSM parameter name`);
  }
  return {
    'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${name.replace(/^\//, '')}`,
  };
}

/**
 * ARN pattern of the parameters under an SSM path (`/ecs-lookout/slack-webhooks/` → `…:parameter/ecs-lookout/slack-webhooks/*`);
 * errors name the param. An empty path grants nothing beyond `fallback` (an ARN already granted).
 */
function buildParameterPathArn(path, paramName, fallback) {
  if (path === '') return fallback;
  if (!/^\/(?:[A-Za-z0-9_.-]+\/)+$/.test(path) || path.length > 900) {
    throw new Error(`param ${paramName}: "${path}" is not an SSM parameter path like /ecs-lookout/slack-webhooks/`);
  }
  return {
    'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${path.slice(1)}*`,
  };
}

async function param(resolveVariable, name) {
  return resolveVariable(`param:${name}`);
}

/** Resolver: cluster-scoped patterns (`${file(infra/scope.cjs):eventPatterns.taskStateChange}`). */
async function eventPatterns({ resolveVariable }) {
  return buildEventPatterns(parseClusters(await param(resolveVariable, 'clusters')));
}

/** Resolver: the `ecs:cluster` condition list. */
async function clusterArns({ resolveVariable }) {
  return buildClusterArns(parseClusters(await param(resolveVariable, 'clusters')));
}

/** Resolver: the task-replacement statement list. */
async function replacementStatements({ resolveVariable }) {
  return buildReplacementStatements({
    clusters: parseClusters(await param(resolveVariable, 'clusters')),
    families: parseFamilies(await param(resolveVariable, 'replaceFamilies')),
    roleArns: parseRoleArns(
      await param(resolveVariable, 'taskRoleArns'),
      await param(resolveVariable, 'executionRoleArns'),
    ),
  });
}

/** Resolver: ARN of the Slack webhook parameter. */
async function slackWebhookParamArn({ resolveVariable }) {
  return buildParameterArn(String(await param(resolveVariable, 'slackWebhookParam')));
}

/** Resolver: ARN pattern of the per-channel Slack webhooks (webhook mode routing); the webhook's own ARN when unset. */
async function slackWebhooksPathArn({ resolveVariable }) {
  const webhook = buildParameterArn(String(await param(resolveVariable, 'slackWebhookParam')));
  return buildParameterPathArn(String(await param(resolveVariable, 'slackWebhooksPath')), 'slackWebhooksPath', webhook);
}

/** Resolver: ARN of the SSM parameter holding the Slack bot token (app mode). */
async function slackBotTokenParamArn({ resolveVariable }) {
  return buildParameterArn(String(await param(resolveVariable, 'slackBotTokenParam')), 'slackBotTokenParam');
}

module.exports = {
  splitList,
  parseClusters,
  parseFamilies,
  parseRoleArns,
  buildEventPatterns,
  buildClusterArns,
  buildTaskArns,
  buildReplacementStatements,
  buildParameterArn,
  buildParameterPathArn,
  eventPatterns,
  clusterArns,
  replacementStatements,
  slackWebhookParamArn,
  slackWebhooksPathArn,
  slackBotTokenParamArn,
};
