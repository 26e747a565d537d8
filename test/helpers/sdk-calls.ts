/**
 * Finds the AWS SDK calls the project's code can make (`new XxxCommand(` in shared/ and functions/) and
 * names the IAM action each one needs, so a test can check that some role grants it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// IAM service prefix of each SDK package.
const PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
};
// The DynamoDB document client's commands and the item actions they call.
const DOCUMENT_CLIENT: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  // IAM has no TransactWriteItems action: each item is authorised by its own action. The store's
  // transactions use Put, Delete and ConditionCheck; Put and Delete are called on their own too.
  TransactWrite: 'ConditionCheckItem',
  TransactGet: 'TransactGetItems',
};

/** One SDK call site. */
export interface SdkCall {
  file: string;
  action: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Command name → SDK package, from a file's `import { … } from '@aws-sdk/…'` statements. */
function importedCommands(source: string): Map<string, string> {
  const commands = new Map<string, string>();
  for (const [, names, pkg] of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
    for (const raw of names!.split(',')) {
      const name = raw
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name.endsWith('Command')) commands.set(name, pkg!);
    }
  }
  return commands;
}

/** Every `new XxxCommand(` under the given folders, as the IAM action it needs. */
export function sdkCalls(root: string, folders: string[]): SdkCall[] {
  const calls: SdkCall[] = [];
  for (const file of folders.flatMap((folder) => sourceFiles(join(root, folder)))) {
    const source = readFileSync(file, 'utf8');
    const imports = importedCommands(source);
    for (const [, command] of source.matchAll(/new\s+(\w+Command)\s*\(/g)) {
      const pkg = imports.get(command!);
      const prefix = pkg ? PREFIX[pkg] : undefined;
      if (!pkg || !prefix) throw new Error(`${relative(root, file)}: cannot tell which SDK ${command} comes from`);
      const operation = command!.replace(/Command$/, '');
      const name = pkg === '@aws-sdk/lib-dynamodb' ? (DOCUMENT_CLIENT[operation] ?? operation) : operation;
      calls.push({ file: relative(root, file), action: `${prefix}:${name}` });
    }
  }
  return calls;
}
