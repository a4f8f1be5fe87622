import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  type CaseAction,
  caseAccess,
  caseFacts,
  reassignTarget,
} from '../../functions/domain/console/case-access.js';
import type { Role, StaffIdentity } from '../../functions/domain/console/roles.js';

const who = (roles: Role[], childProtection: boolean, sub = 'me'): StaffIdentity => ({
  sub,
  name: sub,
  roles,
  childProtection,
});
const ACTORS = {
  opIn: who(['operator'], true),
  opOut: who(['operator'], false),
  supIn: who(['supervisor'], true),
  supOut: who(['supervisor'], false),
  editor: who(['directory-editor'], true),
  admin: who(['admin'], true),
};

describe('the one case access rule', () => {
  it('refuses every action on a child for anyone outside the group, except the audit trail', () => {
    for (const actor of [ACTORS.opOut, ACTORS.supOut])
      for (const action of CASE_ACTIONS) {
        const d = caseAccess(actor, action, { child: true, holder: 'me', claimActive: true });
        if (action === 'audit') expect(d.allowed, action).toBe(actor.roles.includes('supervisor'));
        else if (d.allowed === false && d.reason === 'role') continue;
        else expect(d, `${actor.roles} ${action}`).toEqual({ allowed: false, reason: 'child-protection' });
      }
  });

  it('lets the group work a child exactly as others work an adult', () => {
    for (const action of CASE_ACTIONS)
      for (const holder of ['me', 'someone-else'])
        for (const claimActive of [true, false]) {
          const adultOut = caseAccess(ACTORS.opOut, action, { child: false, holder, claimActive });
          const childIn = caseAccess(ACTORS.opIn, action, { child: true, holder, claimActive });
          expect(childIn, `${action} ${holder} ${claimActive}`).toEqual(adultOut);
        }
  });

  it('shows the card and allows work only to the holder of a live claim, or a supervisor', () => {
    const cases: [StaffIdentity, string | undefined, boolean, boolean][] = [
      [ACTORS.opIn, 'me', true, true],
      [ACTORS.opIn, 'me', false, false],
      [ACTORS.opIn, 'other', true, false],
      [ACTORS.opIn, undefined, false, false],
      [ACTORS.supOut, undefined, false, true],
      [ACTORS.editor, 'me', true, false],
      [ACTORS.admin, 'me', true, false],
    ];
    for (const [actor, holder, claimActive, allowed] of cases)
      for (const action of ['open-card', 'work'] as CaseAction[])
        expect(caseAccess(actor, action, { child: false, holder, claimActive }).allowed).toBe(allowed);
  });

  it('editors and admins never reach a case', () => {
    for (const actor of [ACTORS.editor, ACTORS.admin])
      for (const action of CASE_ACTIONS)
        for (const child of [true, false])
          expect(caseAccess(actor, action, { child, holder: 'me', claimActive: true })).toEqual({
            allowed: false,
            reason: 'role',
          });
  });

  it('reassigns only to a known, active operator; for a child, one in the group', () => {
    const member = (roles: Role[], childProtection: boolean, active = true) => ({
      sub: 'x',
      roles,
      childProtection,
      active,
    });
    const adult = { child: false, claimActive: false };
    const child = { child: true, claimActive: false };
    expect(reassignTarget(undefined, adult)).toEqual({ allowed: false, reason: 'unknown' });
    expect(reassignTarget(member(['operator'], true, false), adult)).toEqual({
      allowed: false,
      reason: 'inactive',
    });
    expect(reassignTarget(member(['supervisor'], true), adult)).toEqual({
      allowed: false,
      reason: 'not-operator',
    });
    expect(reassignTarget(member(['operator'], false), adult)).toEqual({ allowed: true });
    expect(reassignTarget(member(['operator'], false), child)).toEqual({
      allowed: false,
      reason: 'target-not-child-protection',
    });
    expect(reassignTarget(member(['operator'], true), child)).toEqual({ allowed: true });
  });

  it('reads child and claim from a stored request: under 18 and "not sure" are children', () => {
    const now = 1_000_000;
    for (const [ageBand, child] of [
      ['under-18', true],
      ['not-sure', true],
      ['adult', false],
      ['prefer-not-to-say', false],
    ] as const)
      expect(caseFacts({ facts: { ageBand } }, now).child).toBe(child);
    expect(caseFacts({ facts: { ageBand: 'adult' }, claim: { by: 'a', until: now + 1 } }, now)).toEqual({
      child: false,
      holder: 'a',
      claimActive: true,
    });
    expect(caseFacts({ facts: { ageBand: 'adult' }, claim: { by: 'a', until: now } }, now).claimActive).toBe(
      false,
    );
  });
});
