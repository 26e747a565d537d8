import { S3Client } from '@aws-sdk/client-s3';
import { lazy } from './lazy.js';

/** The S3 client (health page delivery only), created on first use. */
export const s3Client = lazy(() => new S3Client({ maxAttempts: 4 }));
