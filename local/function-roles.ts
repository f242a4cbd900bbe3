import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandObserver } from '../lambdas/adapters/dynamodb/client';
import { observeFutureClients } from '../lambdas/adapters/dynamodb/client';
import type { FunctionDefinition } from '../lambdas/routes';
import { allFunctions } from '../lambdas/routes';

/*
 * On AWS each function's role allows exactly the table actions its route-table entry grants (lambdas/routes.ts);
 * DynamoDB Local allows everything. A call outside the grants was therefore a 500 on AWS only, invisible to every
 * local test. The local server checks each call a function makes against that function's grants, as IAM does, and
 * refuses the others with the error AWS gives, so the tests that run through it see the same answer.
 */

/** What DynamoDB answers a call the role does not allow. Not a storage outage: it surfaces as a 500, as on AWS. */
export class AccessDeniedException extends Error {
  public override readonly name = 'AccessDeniedException';
}

/** An IAM action a call needs, and the index it needs it on (Query of an index). */
interface RequiredAction {
  readonly action: string;
  readonly index?: string;
}

/** The action each kind of transaction item needs: DynamoDB authorizes a transaction item by item. */
const transactionItemActions: Readonly<Record<string, string>> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

/** The document client's command names, by the operation they send (the low-level commands are named after it). */
const documentClientOperations: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

const operationOf = (commandName: string): string => {
  const name = commandName.replace(/Command$/, '');
  return documentClientOperations[name] ?? name;
};

export const requiredActionsOf = (commandName: string, input: Record<string, unknown>): RequiredAction[] => {
  const operation = operationOf(commandName);
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = (input.TransactItems ?? []) as Record<string, unknown>[];
    return items.flatMap((item) => Object.keys(item).map((kind) => ({ action: transactionItemActions[kind] ?? `dynamodb:${kind}` })));
  }
  if (operation === 'Query' && typeof input.IndexName === 'string') return [{ action: 'dynamodb:Query', index: input.IndexName }];
  return [{ action: `dynamodb:${operation}` }];
};

const isAllowed = (grants: FunctionDefinition['grants'], required: RequiredAction): boolean =>
  required.index === undefined
    ? (grants.table as readonly string[]).includes(required.action)
    : ((grants.indexes ?? []) as readonly string[]).includes(required.index);

/** The function whose invocation is running (each invocation in its own async scope). */
const runningFunction = new AsyncLocalStorage<FunctionDefinition>();

const enforceGrants: CommandObserver = (commandName, input) => {
  const running = runningFunction.getStore();
  if (!running) return; // the server's own setup, the admin CLI, tests' direct reads: not a function
  for (const required of requiredActionsOf(commandName, input)) {
    if (!isAllowed(running.grants, required)) {
      const resource = required.index === undefined ? 'the table' : `index ${required.index}`;
      throw new AccessDeniedException(`${running.handler} is not authorized to perform ${required.action} on ${resource} (lambdas/routes.ts grants)`);
    }
  }
};

let enforcing = false;

/** Checks every call of every DynamoDB client created from now on (call before the handler modules load). */
export const enforceFunctionGrants = (): void => {
  if (enforcing) return;
  enforcing = true;
  observeFutureClients(enforceGrants);
};

/** Runs one invocation of the function `handler` (its route-table name): its calls are checked against its grants. */
export const runAsFunction = <T>(handler: string, invocation: () => T): T => {
  const definition = allFunctions.find((candidate) => candidate.handler === handler);
  if (!definition) throw new Error(`${handler} is not in lambdas/routes.ts: it has no grants`);
  return runningFunction.run(definition, invocation);
};
