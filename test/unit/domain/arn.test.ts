import { describe, expect, it } from 'vitest';
import {
  clusterArnFromResourceArn,
  clusterNameFromArn,
  clusterNameFromResourceArn,
  familyFromTaskDefinitionArn,
  parseArn,
  resourceIdFromArn,
  serviceNameFromArn,
} from '../../../shared/domain/arn.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012';

describe('Module: arn', () => {
  it('splits an ARN, keeping colons inside the resource', () => {
    expect(parseArn(`${ARN}:task-definition/web:12`)).toEqual({
      partition: 'aws',
      service: 'ecs',
      region: 'us-east-1',
      account: '123456789012',
      resourceType: 'task-definition',
      resourceIds: ['web:12'],
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
    expect(parseArn('arn:aws:ecs')).toBeUndefined();
  });

  it.each([
    // helper, input, expected
    ['clusterNameFromArn', clusterNameFromArn, `${ARN}:cluster/prod`, 'prod'],
    ['clusterNameFromArn (bare name)', clusterNameFromArn, 'prod', 'prod'],
    ['clusterNameFromResourceArn (long task)', clusterNameFromResourceArn, `${ARN}:task/prod/0a1b`, 'prod'],
    ['clusterNameFromResourceArn (short task)', clusterNameFromResourceArn, `${ARN}:task/0a1b-2c3d`, undefined],
    [
      'clusterArnFromResourceArn (long service)',
      clusterArnFromResourceArn,
      `${ARN}:service/prod/api`,
      `${ARN}:cluster/prod`,
    ],
    ['clusterArnFromResourceArn (short service)', clusterArnFromResourceArn, `${ARN}:service/api`, undefined],
    ['serviceNameFromArn (long)', serviceNameFromArn, `${ARN}:service/prod/api`, 'api'],
    ['serviceNameFromArn (short)', serviceNameFromArn, `${ARN}:service/api`, 'api'],
    ['resourceIdFromArn (long task)', resourceIdFromArn, `${ARN}:task/prod/0a1b`, '0a1b'],
    ['resourceIdFromArn (short instance)', resourceIdFromArn, `${ARN}:container-instance/b54a`, 'b54a'],
    ['familyFromTaskDefinitionArn', familyFromTaskDefinitionArn, `${ARN}:task-definition/web-api:12`, 'web-api'],
    ['familyFromTaskDefinitionArn (family:rev)', familyFromTaskDefinitionArn, 'batch:3', 'batch'],
  ])('%s', (_label, helper, input, expected) => {
    expect((helper as (value: string) => string | undefined)(input)).toBe(expected);
  });
});
