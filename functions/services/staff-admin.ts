import type { AuditEvent } from '../domain/audit.js';
import { staffAuditSubject } from '../data/keys.js';
import type { StaffStore } from '../data/staff-store.js';
import { can, type StaffIdentity } from '../domain/console/roles.js';
import type { StaffChange, StaffInvite } from '../domain/console/staff-form.js';
import {
  AccountExistsError,
  groupsFor,
  type IdentityAdmin,
  StaffChangeRefused,
  type StaffMember,
  STAFF_GROUPS,
} from '../domain/console/staff.js';
import { ForbiddenError } from '../domain/errors.js';

/**
 * The staff area's work (admins only): invite, disable, re-enable, change roles, the
 * child-protection group and languages. The identity provider is changed through the
 * IdentityAdmin port, the staff record with its audit event in one transaction. Order: what takes
 * access away is written to the staff record first (the console refuses at once, even if the
 * provider call then fails); what gives access is done at the provider first.
 */
export interface StaffAdminDeps {
  identity: IdentityAdmin;
  staff: Pick<StaffStore, 'get' | 'list' | 'create' | 'change'>;
  auditTableName: string;
  now: () => Date;
}

export class StaffAdmin {
  constructor(private readonly deps: StaffAdminDeps) {}

  get loginKind(): IdentityAdmin['loginKind'] {
    return this.deps.identity.loginKind;
  }

  async list(actor: StaffIdentity): Promise<StaffMember[]> {
    this.require(actor);
    return this.deps.staff.list();
  }

  async invite(actor: StaffIdentity, input: StaffInvite): Promise<StaffMember> {
    this.require(actor);
    const taken = (await this.deps.staff.list()).some(
      (m) => m.login.toLowerCase() === input.login || m.sub === input.login,
    );
    if (taken) throw new AccountExistsError(input.login);
    const groups = groupsFor(input.roles, input.childProtection);
    const { sub } = await this.deps.identity.invite({
      login: input.login,
      email: input.login.includes('@') ? input.login : undefined,
      name: input.name,
      groups,
    });
    const member = {
      sub,
      name: input.name,
      login: input.login,
      roles: input.roles,
      groups,
      languages: input.languages,
    };
    await this.deps.staff.create(
      member,
      this.audit(actor, sub, 'staff.invite', {
        login: input.login,
        roles: input.roles.join(','),
        childProtection: input.childProtection,
        languages: input.languages.join(','),
      }),
    );
    return { ...member, childProtection: input.childProtection, active: true };
  }

  async setActive(actor: StaffIdentity, sub: string, active: boolean): Promise<void> {
    this.require(actor);
    if (sub === actor.sub && !active) throw new StaffChangeRefused('self');
    const member = await this.member(sub);
    const event = this.audit(actor, sub, active ? 'staff.enable' : 'staff.disable', { login: member.login });
    if (active) {
      await this.deps.identity.enable(sub);
      await this.deps.staff.change(sub, { active: true }, event);
    } else {
      await this.deps.staff.change(sub, { active: false }, event);
      await this.deps.identity.disable(sub);
    }
  }

  async change(actor: StaffIdentity, sub: string, input: StaffChange): Promise<void> {
    this.require(actor);
    const member = await this.member(sub);
    if (sub === actor.sub && !input.roles.includes('admin')) throw new StaffChangeRefused('self');
    const staffGroups = groupsFor(input.roles, input.childProtection);
    // Groups the provider lists that the staff area does not manage are kept as they are.
    const groups = [...staffGroups, ...member.groups.filter((g) => !STAFF_GROUPS.includes(g))];
    const groupsChanged = [...member.groups].sort().join(',') !== [...groups].sort().join(',');
    const languagesChanged = member.languages.join(',') !== input.languages.join(',');
    if (!groupsChanged && !languagesChanged) return;
    const event = this.audit(actor, sub, 'staff.change', {
      login: member.login,
      ...(groupsChanged ? { groupsBefore: member.groups.join(','), groupsAfter: groups.join(',') } : {}),
      ...(languagesChanged
        ? { languagesBefore: member.languages.join(','), languagesAfter: input.languages.join(',') }
        : {}),
    });
    if (groupsChanged) await this.deps.identity.setGroups(sub, staffGroups);
    await this.deps.staff.change(
      sub,
      {
        ...(groupsChanged ? { roles: input.roles, groups } : {}),
        ...(languagesChanged ? { languages: input.languages } : {}),
      },
      event,
    );
  }

  private async member(sub: string): Promise<StaffMember> {
    const member = await this.deps.staff.get(sub);
    if (!member) throw new StaffChangeRefused('unknown');
    return member;
  }

  private require(actor: StaffIdentity): void {
    if (!can(actor, 'staff:manage')) throw new ForbiddenError('staff');
  }

  /** Who changed whom, and what: never a password (the staff area never sees one). */
  private audit(
    actor: StaffIdentity,
    sub: string,
    action: string,
    details: Record<string, string | boolean>,
  ): { tableName: string; event: AuditEvent } {
    return {
      tableName: this.deps.auditTableName,
      event: {
        subject: staffAuditSubject(sub),
        actor: actor.sub,
        actorName: actor.name,
        action,
        at: this.deps.now().toISOString(),
        details,
      },
    };
  }
}
