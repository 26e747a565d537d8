import { clusterNameFromArn, familyFromTaskDefinitionArn, serviceNameFromArn } from '../arn.js';

// A burst repeats a few cluster, service and task-definition ARNs thousands of times: each is parsed once.
const MAX_ENTRIES = 1024;

function memo(read: (arn: string) => string): (arn: string) => string {
  const cache = new Map<string, string>();
  return (arn) => {
    let name = cache.get(arn);
    if (name === undefined) {
      name = read(arn);
      // Bounded: a long-lived process seeing many distinct ARNs starts over rather than growing.
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(arn, name);
    }
    return name;
  };
}

/** clusterNameFromArn, memoised. */
export const clusterName = memo(clusterNameFromArn);

/** familyFromTaskDefinitionArn, memoised. */
export const familyName = memo(familyFromTaskDefinitionArn);

/** serviceNameFromArn, memoised. */
export const serviceName = memo(serviceNameFromArn);
