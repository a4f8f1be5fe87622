/**
 * Staff roles come from the identity provider's groups claim (Cognito groups in AWS). What each
 * role may do is decided here and nowhere else; routes ask `can(roles, permission)`.
 * Personal data is need-to-know (principle P6): who may see or act on one request or check-in
 * (holder, supervisor, child-protection group) is decided by `caseAccess` in case-access.ts.
 */
export const ROLES = ['operator', 'supervisor', 'directory-editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** Not a role of its own: operators in this group may take requests from children (P8). */
export const CHILD_PROTECTION_GROUP = 'child-protection';

export const PERMISSIONS = {
  'queue:view': ['operator', 'supervisor'],
  'request:claim': ['operator', 'supervisor'],
  'request:work': ['operator', 'supervisor'],
  'request:reassign': ['supervisor'],
  'audit:view': ['supervisor'],
  'workload:view': ['supervisor'],
  'aggregates:view': ['supervisor', 'admin'],
  'reports:view': ['directory-editor', 'admin', 'supervisor'],
  'directory:edit': ['directory-editor', 'admin'],
  'staff:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export interface StaffIdentity {
  /** Stable subject id from the identity provider. */
  sub: string;
  name: string;
  roles: Role[];
  childProtection: boolean;
}

export function rolesFromGroups(groups: unknown): { roles: Role[]; childProtection: boolean } {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    roles: ROLES.filter((r) => list.includes(r)),
    childProtection: list.includes(CHILD_PROTECTION_GROUP),
  };
}

export function can(identity: Pick<StaffIdentity, 'roles'>, permission: Permission): boolean {
  return identity.roles.some((r) => (PERMISSIONS[permission] as readonly Role[]).includes(r));
}
