import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger (Powertools). The CLI silences it unless POWERTOOLS_LOG_LEVEL says otherwise. */
export const logger = new Logger({ serviceName: 'ecs-lookout' });
