import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognitoIdentityAdmin } from '../../functions/data/cognito-identity-admin.js';
import { AccountExistsError, StaffChangeRefused } from '../../functions/domain/console/staff.js';

const POOL = 'ap-southeast-1_AbC123xyz';
const SUB = '3b7c4d2e-1111-4222-8333-944455556666';

/** A fake SDK client: records every command and answers from `answer`. */
function fakeClient(answer: (command: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (command: unknown) => {
      sent.push(command);
      return answer(command);
    },
  };
}
const summary = (sent: unknown[]) =>
  sent.map((c) => [(c as object).constructor.name, (c as { input: unknown }).input]);

describe('the Cognito identity-admin adapter', () => {
  it('invites: AdminCreateUser with the e-mail, verified, the name and an e-mailed temporary password, then one AdminAddUserToGroup per group', async () => {
    const client = fakeClient((c) =>
      c instanceof AdminCreateUserCommand
        ? { User: { Username: SUB, Attributes: [{ Name: 'sub', Value: SUB }] } }
        : {},
    );
    const admin = cognitoIdentityAdmin({ userPoolId: POOL, client });
    expect(admin.loginKind).toBe('email');
    const { sub } = await admin.invite({
      login: 'ploy@helpline.example',
      name: 'Ploy',
      groups: ['operator', 'child-protection'],
    });
    expect(sub).toBe(SUB);
    expect(client.sent[0]).toBeInstanceOf(AdminCreateUserCommand);
    expect(summary(client.sent)).toEqual([
      [
        'AdminCreateUserCommand',
        {
          UserPoolId: POOL,
          Username: 'ploy@helpline.example',
          UserAttributes: [
            { Name: 'email', Value: 'ploy@helpline.example' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Ploy' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      ],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: SUB, GroupName: 'operator' }],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: SUB, GroupName: 'child-protection' }],
    ]);
    // No password is chosen or sent by us: Cognito makes the temporary one and e-mails it.
    expect(JSON.stringify(summary(client.sent))).not.toMatch(/TemporaryPassword|MessageAction/);
  });

  it('disables and enables by the subject id', async () => {
    const client = fakeClient();
    const admin = cognitoIdentityAdmin({ userPoolId: POOL, client });
    await admin.disable(SUB);
    await admin.enable(SUB);
    expect(client.sent[0]).toBeInstanceOf(AdminDisableUserCommand);
    expect(client.sent[1]).toBeInstanceOf(AdminEnableUserCommand);
    expect(summary(client.sent)).toEqual([
      ['AdminDisableUserCommand', { UserPoolId: POOL, Username: SUB }],
      ['AdminEnableUserCommand', { UserPoolId: POOL, Username: SUB }],
    ]);
  });

  it('sets groups exactly: adds the wanted staff groups and removes every other staff group', async () => {
    const client = fakeClient();
    await cognitoIdentityAdmin({ userPoolId: POOL, client }).setGroups(SUB, [
      'supervisor',
      'child-protection',
    ]);
    const added = client.sent.filter((c) => c instanceof AdminAddUserToGroupCommand);
    const removed = client.sent.filter((c) => c instanceof AdminRemoveUserFromGroupCommand);
    const names = (cs: unknown[]) => cs.map((c) => (c as AdminAddUserToGroupCommand).input.GroupName).sort();
    expect(names(added)).toEqual(['child-protection', 'supervisor']);
    expect(names(removed)).toEqual(['admin', 'directory-editor', 'operator']);
    for (const c of [...added, ...removed])
      expect((c as AdminAddUserToGroupCommand).input).toMatchObject({ UserPoolId: POOL, Username: SUB });
  });

  it('maps a taken user name and an unknown user to the domain errors', async () => {
    const taken = cognitoIdentityAdmin({
      userPoolId: POOL,
      client: fakeClient(() => {
        throw new UsernameExistsException({ message: 'exists', $metadata: {} });
      }),
    });
    await expect(taken.invite({ login: 'a@b.example', name: 'A', groups: [] })).rejects.toBeInstanceOf(
      AccountExistsError,
    );
    const unknown = cognitoIdentityAdmin({
      userPoolId: POOL,
      client: fakeClient(() => {
        throw new UserNotFoundException({ message: 'no user', $metadata: {} });
      }),
    });
    await expect(unknown.disable(SUB)).rejects.toBeInstanceOf(StaffChangeRefused);
  });
});
