import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { handlerEntry } from '../../lib/bundling';
import type { ConcertReservationStack } from '../../lib/concert-reservation-stack';
import { addConcertReservationService } from '../../lib/service-app';
import { allFunctions } from '../../lambdas/routes';

export const allHandlers = allFunctions.map((fn) => fn.handler);

export const missingHandlers = (): string[] => allHandlers.filter((handler) => !existsSync(handlerEntry(handler)));

const placeholderEntry = path.join(__dirname, 'fixtures', 'placeholder-handler.ts');

export interface SynthesizedService {
  readonly stack: ConcertReservationStack;
  readonly template: Template;
}

/**
 * The service as bin/app.ts builds it (same context handling, same cdk-nag aspect), without bundling:
 * `aws:cdk:bundling-stacks: []` makes NodejsFunction skip esbuild, so these tests stay fast and offline.
 * NodejsFunction still insists that the entry file exists, so a handler not written yet is replaced by a
 * placeholder; `handler-files.test.ts` is what fails while that is the case.
 */
export const synthesizeService = (context: Record<string, string | number> = {}): SynthesizedService => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = addConcertReservationService(app, {
    entryFor: (handler) => (existsSync(handlerEntry(handler)) ? handlerEntry(handler) : placeholderEntry),
  });
  return { stack, template: Template.fromStack(stack) };
};

type Json = Record<string, unknown>;

export const resourcesOfType = (template: Template, type: string): [string, Json][] =>
  Object.entries(template.findResources(type)) as [string, Json][];

export const propertiesOf = (resource: Json): Json => (resource.Properties ?? {}) as Json;

/**
 * The service's own functions (named concert-<stage>-<handler>), without the CDK's BucketDeployment handler that
 * uploads the web app during a deployment.
 */
export const serviceFunctions = (template: Template): [string, Json][] =>
  resourcesOfType(template, 'AWS::Lambda::Function').filter(([, resource]) => String(propertiesOf(resource).FunctionName ?? '').startsWith('concert-'));

/** Logical id of the Lambda function whose FunctionName is concert-<stage>-<handler>. */
export const functionLogicalId = (template: Template, stage: string, handler: string): string => {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, resource]) => propertiesOf(resource).FunctionName === `concert-${stage}-${handler}`,
  );
  if (matches.length !== 1) throw new Error(`expected one function for ${handler}, found ${matches.length}`);
  return matches[0]![0];
};

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Sid?: string;
}

/** Every statement of the function's execution role: inline role policies and attached AWS::IAM::Policy documents. */
export const roleStatements = (template: Template, functionId: string): Statement[] => {
  const fn = template.toJSON().Resources[functionId] as Json;
  const roleRef = propertiesOf(fn).Role as { 'Fn::GetAtt': [string, string] };
  const roleId = roleRef['Fn::GetAtt'][0];
  const role = template.toJSON().Resources[roleId] as Json;
  const inline = ((propertiesOf(role).Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
  const attached = resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => ((propertiesOf(policy).Roles ?? []) as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap(([, policy]) => (propertiesOf(policy).PolicyDocument as { Statement: Statement[] }).Statement);
  const managed = (propertiesOf(role).ManagedPolicyArns ?? []) as unknown[];
  if (managed.length > 0) throw new Error(`role of ${functionId} has managed policies attached`);
  return [...inline, ...attached];
};

export const actionsOf = (statements: readonly Statement[]): string[] =>
  [...new Set(statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action])))].sort();
