import type { SQSRecord } from 'aws-lambda';

/** One SQS message as the event source mapping hands it to the function: the EventBridge event is the body. */
export function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ecs-lookout-task-events',
    awsRegion: 'us-east-1',
  };
}
