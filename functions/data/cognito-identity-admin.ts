import {
  AccountExistsError,
  type IdentityAdmin,
  type NewAccount,
  STAFF_GROUPS,
  StaffChangeRefused,
} from '../domain/console/staff.js';

/**
 * The staff area's identity-admin adapter for Amazon Cognito (AWS): five admin calls on the staff
 * user pool, the only Cognito actions the console role is granted (cdk/stacks/waypoint-stack.ts).
 *
 * - invite: AdminCreateUser with the e-mail as user name (the pool signs in by e-mail), e-mail
 *   verified, the name; Cognito e-mails a temporary password (DesiredDeliveryMediums EMAIL) and asks
 *   for a new password and an authenticator app at the first sign-in. Then AdminAddUserToGroup.
 * - disable / enable: AdminDisableUser (also revokes the user's tokens) / AdminEnableUser.
 * - groups: AdminAddUserToGroup for each wanted group and AdminRemoveUserFromGroup for every other
 *   staff group (both succeed when nothing changes), so the pool ends exactly as asked.
 *
 * Languages are not a Cognito attribute: they live in the staff record only (functions/domain/console/staff.ts).
 * Accounts are named by their `sub`, which Cognito accepts as user name in admin calls.
 *
 * The SDK client is loaded on the first call, not at cold start: most console requests never need it.
 */
/** The IAM actions these calls need: the console role gets exactly these, on the staff user pool. */
export const COGNITO_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
] as const;

export interface CognitoClientLike {
  send(command: unknown): Promise<unknown>;
}

type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => {
  sdk ??= import('@aws-sdk/client-cognito-identity-provider');
  return sdk;
};

export function cognitoIdentityAdmin(options: {
  userPoolId: string;
  region?: string | undefined;
  /** A client for tests; by default a CognitoIdentityProviderClient for `region`. */
  client?: CognitoClientLike;
}): IdentityAdmin {
  const UserPoolId = options.userPoolId;
  let client: CognitoClientLike | undefined = options.client;
  const send = async (build: (s: Sdk) => unknown): Promise<unknown> => {
    const s = await loadSdk();
    client ??= new s.CognitoIdentityProviderClient(options.region ? { region: options.region } : {});
    try {
      return await client.send(build(s));
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'UsernameExistsException' || name === 'AliasExistsException')
        throw new AccountExistsError('exists');
      if (name === 'UserNotFoundException') throw new StaffChangeRefused('unknown');
      throw error;
    }
  };
  const setGroups = async (Username: string, groups: string[]) => {
    for (const GroupName of STAFF_GROUPS) {
      await send((s) =>
        groups.includes(GroupName)
          ? new s.AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName })
          : new s.AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName }),
      );
    }
  };

  return {
    loginKind: 'email',
    async invite(account: NewAccount) {
      const email = account.email ?? account.login;
      const created = (await send(
        (s) =>
          new s.AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: account.name },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
      )) as { User?: { Username?: string; Attributes?: { Name?: string; Value?: string }[] } };
      const sub =
        created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? created.User?.Username ?? undefined;
      if (!sub) throw new Error('Cognito returned no subject id for the new user');
      for (const GroupName of account.groups)
        await send((s) => new s.AdminAddUserToGroupCommand({ UserPoolId, Username: sub, GroupName }));
      return { sub };
    },
    async disable(sub: string) {
      await send((s) => new s.AdminDisableUserCommand({ UserPoolId, Username: sub }));
    },
    async enable(sub: string) {
      await send((s) => new s.AdminEnableUserCommand({ UserPoolId, Username: sub }));
    },
    setGroups,
  };
}
