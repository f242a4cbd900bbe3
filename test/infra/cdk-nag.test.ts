import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { synthesizeService } from './support';

describe('cdk-nag AWS Solutions checks', () => {
  it.each(['dev', 'prod'])('reports no unsuppressed finding for stage %s', (stage) => {
    const { stack } = synthesizeService({ stage });
    const annotations = Annotations.fromStack(stack);
    const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const describe = (findings: typeof errors) => findings.map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);
    expect(describe(errors)).toEqual([]);
    expect(describe(warnings)).toEqual([]);
  });
});
