import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import {
  parseSafeguardingTriggers,
  safeguardingTrigger,
} from '../../functions/domain/requests/safeguarding.js';

describe('safeguarding escalation rules', () => {
  it('offers escalation only for the configured triggers, a child first', () => {
    const both = ['child', 'danger-now'] as const;
    expect(safeguardingTrigger({ ageBand: 'under-18', dangerNow: true }, both)).toBe('child');
    expect(safeguardingTrigger({ ageBand: 'not-sure', dangerNow: false }, both)).toBe('child');
    expect(safeguardingTrigger({ ageBand: 'adult', dangerNow: true }, both)).toBe('danger-now');
    expect(safeguardingTrigger({ ageBand: 'adult', dangerNow: false }, both)).toBeUndefined();
    expect(safeguardingTrigger({ ageBand: 'prefer-not-to-say', dangerNow: false }, both)).toBeUndefined();
    expect(safeguardingTrigger({ ageBand: 'under-18', dangerNow: true }, ['danger-now'])).toBe('danger-now');
    expect(safeguardingTrigger({ ageBand: 'under-18', dangerNow: false }, ['danger-now'])).toBeUndefined();
    expect(safeguardingTrigger({ ageBand: 'under-18', dangerNow: true }, [])).toBeUndefined();
  });

  it('reads SAFEGUARDING_ESCALATION: a list of triggers or "none"; anything else is refused at start', () => {
    expect(parseSafeguardingTriggers('child,danger-now')).toEqual(['child', 'danger-now']);
    expect(parseSafeguardingTriggers(' danger-now ')).toEqual(['danger-now']);
    expect(parseSafeguardingTriggers('none')).toEqual([]);
    expect(parseSafeguardingTriggers('')).toBeUndefined();
    expect(parseSafeguardingTriggers('child,adults')).toBeUndefined();
    expect(loadRuntimeConfig({}).SAFEGUARDING_ESCALATION).toEqual(['child', 'danger-now']);
    expect(loadRuntimeConfig({ SAFEGUARDING_ESCALATION: 'none' }).SAFEGUARDING_ESCALATION).toEqual([]);
    expect(() => loadRuntimeConfig({ SAFEGUARDING_ESCALATION: 'everyone' })).toThrow(
      /SAFEGUARDING_ESCALATION: SAFEGUARDING_ESCALATION must be/,
    );
  });
});
