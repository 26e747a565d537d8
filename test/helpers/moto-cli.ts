import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MOTO_REGION, motoEndpoint } from './moto.js';

const BIN = fileURLToPath(new URL('../../shared/cli/bin.mjs', import.meta.url));

/** `ecs-lookout ARGS…` as a user runs it against moto: AWS_ENDPOINT_URL for every client, test credentials. */
export function runCliOnMoto(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: 60_000,
  });
}
