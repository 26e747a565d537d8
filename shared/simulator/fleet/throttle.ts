/** ECS API throttling categories (aws-limits.md §1.2, AWS "Request throttling for the Amazon ECS API"). */
export type ApiCategory =
  | 'cluster-read'
  | 'cluster-resource-read'
  | 'cluster-resource-modify'
  | 'service-read'
  | 'task-definition-read';

const BUCKETS: Record<ApiCategory, { burst: number; perSecond: number }> = {
  'cluster-read': { burst: 50, perSecond: 20 },
  'cluster-resource-read': { burst: 100, perSecond: 20 },
  'cluster-resource-modify': { burst: 100, perSecond: 40 },
  'service-read': { burst: 100, perSecond: 20 },
  'task-definition-read': { burst: 50, perSecond: 20 },
};

const CATEGORY: Record<string, ApiCategory> = {
  ListClusters: 'cluster-read',
  DescribeClusters: 'cluster-read',
  ListTasks: 'cluster-resource-read',
  DescribeTasks: 'cluster-resource-read',
  ListContainerInstances: 'cluster-resource-read',
  DescribeContainerInstances: 'cluster-resource-read',
  RunTask: 'cluster-resource-modify',
  StopTask: 'cluster-resource-modify',
  UpdateContainerInstancesState: 'cluster-resource-modify',
  DeregisterContainerInstance: 'cluster-resource-modify',
  ListServices: 'service-read',
  DescribeServices: 'service-read',
  DescribeTaskDefinition: 'task-definition-read',
};

/** Account-wide token buckets on virtual time: `take` is false when the call would be throttled. */
export function createThrottle() {
  const state = new Map<ApiCategory, { tokens: number; at: number }>();
  return {
    take(command: string, now: number): boolean {
      const category = CATEGORY[command];
      if (!category) return true;
      const bucket = BUCKETS[category];
      const current = state.get(category) ?? { tokens: bucket.burst, at: now };
      const tokens = Math.min(bucket.burst, current.tokens + ((now - current.at) / 1000) * bucket.perSecond);
      if (tokens < 1) {
        state.set(category, { tokens, at: now });
        return false;
      }
      state.set(category, { tokens: tokens - 1, at: now });
      return true;
    },
  };
}
