import type { App } from 'aws-cdk-lib';
import { summarizeAssembly } from '../../scripts/synth';
import { resourcesOfType, synthesizeService } from './support';

describe('npm run synth summary', () => {
  it('names the stage, the template file, the number of functions and the cdk-nag verdict in one line', () => {
    const { stack, template } = synthesizeService({ stage: 'qa' });
    const assembly = (stack.node.root as App).synth();
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').length;

    const summary = summarizeAssembly(assembly.directory);

    expect(summary.split('\n')).toHaveLength(1);
    expect(summary).toMatch(
      new RegExp(`^synth ok: stage qa, template \\S*ConcertReservation-qa\\.template\\.json, ${functions} functions, cdk-nag AwsSolutions passed \\(no unsuppressed finding, [1-9]\\d* suppressions with reasons\\)$`),
    );
  });
});
