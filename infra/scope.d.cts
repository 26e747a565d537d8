/** Types for infra/scope.cjs (package-time helpers of serverless.yml), for the TypeScript tests. */

/** An EventBridge pattern as deployed. */
type Pattern = Record<string, unknown>;
/** A CloudFormation value: a literal or an intrinsic such as `{ "Fn::Sub": "…" }`. */
type CfnValue = string | Record<string, unknown>;
/** An IAM policy statement. */
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: CfnValue | CfnValue[];
  Condition?: Record<string, Record<string, unknown>>;
}
/** What osls passes to a file resolver. */
interface ResolverInput {
  resolveVariable: (variable: string) => Promise<unknown>;
}

/** Splits a comma-separated param into trimmed, non-empty items. */
export declare function splitList(value: unknown): string[];
/** Cluster names from the `clusters` param; throws on anything that is not a cluster name. */
export declare function parseClusters(value: unknown): string[];
/** Task definition families from the `replaceFamilies` param. */
export declare function parseFamilies(value: unknown): string[];
/** Role ARNs from `taskRoleArns`/`executionRoleArns`; throws on wildcards. */
export declare function parseRoleArns(...values: unknown[]): string[];
/** The four ECS rule patterns, narrowed to `clusters` (none: all clusters). */
export declare function buildEventPatterns(clusters: string[]): {
  taskStateChange: Pattern;
  instanceStateChange: Pattern;
  deploymentStateChange: Pattern;
  serviceAction: Pattern;
};
/** Cluster ARNs (Fn::Sub) for `ecs:cluster` conditions. */
export declare function buildClusterArns(clusters: string[]): CfnValue[];
/** Task ARNs (Fn::Sub) in the clusters in scope, for the tag-on-create grant. */
export declare function buildTaskArns(clusters: string[]): CfnValue[];
/** IAM statements for replacing standalone tasks. */
export declare function buildReplacementStatements(input: {
  clusters: string[];
  families: string[];
  roleArns: string[];
}): Statement[];
/** ARN (Fn::Sub) of the Slack webhook SSM parameter. */
export declare function buildParameterArn(name: string, paramName?: string): CfnValue;
/** ARN pattern (Fn::Sub) of the parameters under an SSM path; `fallback` when the path is empty. */
export declare function buildParameterPathArn(path: string, paramName: string, fallback: CfnValue): CfnValue;
/** osls resolvers. */
export declare function eventPatterns(input: ResolverInput): Promise<ReturnType<typeof buildEventPatterns>>;
export declare function clusterArns(input: ResolverInput): Promise<CfnValue[]>;
export declare function replacementStatements(input: ResolverInput): Promise<Statement[]>;
export declare function slackWebhookParamArn(input: ResolverInput): Promise<CfnValue>;
export declare function slackWebhooksPathArn(input: ResolverInput): Promise<CfnValue>;
export declare function slackBotTokenParamArn(input: ResolverInput): Promise<CfnValue>;
