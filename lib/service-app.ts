import { Aspects } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConcertReservationStack } from './concert-reservation-stack';
import type { ConcertReservationStackProps } from './concert-reservation-stack';
import { readDeploymentConfig } from './deployment-config';

/**
 * Adds the service to an app, configured from context (`-c stage=prod`, see docs/deploy.md), with the cdk-nag
 * AWS Solutions checks applied: an unsuppressed finding is an error annotation and fails `cdk synth`.
 */
export const addConcertReservationService = (
  app: App,
  options: Pick<ConcertReservationStackProps, 'entryFor'> = {},
): ConcertReservationStack => {
  const config = readDeploymentConfig(app.node);
  const stack = new ConcertReservationStack(app, `ConcertReservation-${config.stage}`, {
    ...options,
    config,
    description: `Concert reservation service (${config.stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    tags: { service: 'concert-reservation', stage: config.stage },
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stack;
};
