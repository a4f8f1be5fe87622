import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthWaypoint } from './support/synth.js';

/**
 * cdk-nag's AwsSolutions pack runs on every stack, as in `cdk synth`. Any error that is not
 * suppressed with a written reason fails this test (and the synth).
 */
describe('cdk-nag AwsSolutions', () => {
  for (const variant of [
    { name: 'CloudFront domain', overrides: {} },
    {
      name: 'custom domain, production',
      overrides: {
        stage: 'prod',
        helplinePhone: '+66 2 123 4567',
        domainName: 'help.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
      },
    },
  ]) {
    it(`reports no unsuppressed errors or warnings (${variant.name})`, async () => {
      const { stacks } = await synthWaypoint(variant.overrides, { nag: true });
      for (const stack of [stacks.edge, stacks.main, stacks.edgeAlarms]) {
        const annotations = Annotations.fromStack(stack);
        const findings = [
          ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
          ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
        ].map((f) => `${f.id}: ${String(f.entry.data).split(':')[0]}`);
        expect(findings, stack.stackName).toEqual([]);
      }
    });
  }

  it('every suppression carries a reason of a full sentence', async () => {
    const { app } = await synthWaypoint({}, { nag: true });
    const reasons: string[] = [];
    for (const construct of app.node.findAll()) {
      const metadata = (construct as { cfnOptions?: { metadata?: Record<string, unknown> } }).cfnOptions
        ?.metadata;
      const rules = (metadata?.cdk_nag as { rules_to_suppress?: { reason: string }[] } | undefined)
        ?.rules_to_suppress;
      for (const rule of rules ?? []) reasons.push(rule.reason);
    }
    expect(reasons.length).toBeGreaterThan(5);
    for (const reason of reasons) expect(reason.length).toBeGreaterThanOrEqual(40);
  });
});
