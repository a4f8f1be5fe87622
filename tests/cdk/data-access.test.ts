import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkAccessPolicy,
  FUNCTION_ACCESS,
  FUNCTIONS,
  type FunctionName,
  OPERATION_ACTIONS,
  type Operation,
} from '../../functions/data/access-policy.js';
import { type Synthesized, synthWaypoint } from './support/synth.js';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};
const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) =>
      asArray(p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r).includes(roleLogicalId)),
    )
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** IAM StringLike: `*` any run of characters, `?` one character. */
function like(value: string, pattern: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${re}$`).test(value);
}

/**
 * Whether the role's statements allow `action` on the table (or index) for an item in partition
 * `key`: the same evaluation IAM does for these statements (Allow only, ForAllValues:StringLike on
 * dynamodb:LeadingKeys, no other conditions are used).
 */
function allows(
  statements: Statement[],
  action: string,
  table: string,
  index: string | undefined,
  key: string,
): boolean {
  return statements.some((st) => {
    if (st.Effect !== 'Allow' || !asArray(st.Action).includes(action)) return false;
    const resource = JSON.stringify(st.Resource);
    if (!resource.includes(table)) return false;
    if (index ? !resource.includes(`/index/${index}`) : resource.includes('/index/')) return false;
    const conditions = st.Condition ?? {};
    for (const [operator, keys] of Object.entries(conditions)) {
      for (const [name, values] of Object.entries(keys)) {
        if (operator !== 'ForAllValues:StringLike' || name !== 'dynamodb:LeadingKeys')
          throw new Error(`unexpected condition ${operator} ${name}`);
        if (!asArray(values).some((p) => like(key, p))) return false;
      }
    }
    return true;
  });
}

const ACTIONS_OF: Record<Operation, string> = {
  get: 'dynamodb:GetItem',
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  query: 'dynamodb:Query',
};

describe('data access per function, from functions/data/access-policy.ts', () => {
  let s: Synthesized;
  let roles: Record<FunctionName, string>;
  let tables: { app: string; audit: string };
  const id = (c: { node: { defaultChild?: unknown } }) =>
    s.stacks.main.getLogicalId(c.node.defaultChild as never);

  beforeAll(async () => {
    s = await synthWaypoint();
    const m = s.stacks.main;
    roles = {
      public: id(m.publicFunction.role),
      console: id(m.consoleFunction.role),
      jobs: id(m.jobsFunction.role),
    };
    tables = { app: id(m.appTable.table), audit: id(m.auditTable.table) };
  }, 120_000);

  it('the written list keeps its own rules (no delete without put, audit append-only, no whole table)', () => {
    expect(checkAccessPolicy()).toEqual([]);
    expect(
      checkAccessPolicy({ x: [{ table: 'audit', partitions: ['*'], operations: ['update'], why: '' }] }),
    ).toHaveLength(1);
  });

  it('every DynamoDB statement of every role is one line of the list, and every line is there', () => {
    for (const fn of FUNCTIONS) {
      const dynamo = statementsOfRole(s.main, roles[fn]).filter((st) =>
        asArray(st.Action).some((a) => a.startsWith('dynamodb:')),
      );
      expect(dynamo, fn).toHaveLength(FUNCTION_ACCESS[fn].length);
      for (const grant of FUNCTION_ACCESS[fn]) {
        const expectedActions = [...new Set(grant.operations.flatMap((o) => OPERATION_ACTIONS[o]))].sort();
        const match = dynamo.find((st) => {
          const resource = JSON.stringify(st.Resource);
          const sameResource =
            resource.includes(tables[grant.table]) &&
            (grant.index ? resource.includes(`/index/${grant.index}`) : !resource.includes('/index/'));
          const leading = st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
          const sameKeys = grant.partitions.includes('*')
            ? st.Condition === undefined
            : JSON.stringify(asArray(leading).sort()) === JSON.stringify([...grant.partitions].sort());
          return (
            sameResource &&
            sameKeys &&
            JSON.stringify(asArray(st.Action).sort()) === JSON.stringify(expectedActions)
          );
        });
        expect(match, `${fn}: ${grant.why}`).toBeDefined();
      }
    }
  });

  it("the console role may make only the staff area's five Cognito admin calls, on the staff user pool; no other role any Cognito call", () => {
    const pool = id(s.stacks.main.identity.userPool);
    const cognitoOf = (fn: FunctionName) =>
      statementsOfRole(s.main, roles[fn]).filter((st) =>
        asArray(st.Action).some((a) => a.startsWith('cognito-idp:')),
      );
    const consoleStatements = cognitoOf('console');
    expect(consoleStatements).toHaveLength(1);
    const [st] = consoleStatements;
    expect(st?.Effect).toBe('Allow');
    expect(asArray(st?.Action).sort()).toEqual(
      [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminRemoveUserFromGroup',
      ].sort(),
    );
    expect(st?.Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
    expect(cognitoOf('public')).toEqual([]);
    expect(cognitoOf('jobs')).toEqual([]);
    // Every role, not just these three: nobody else may touch the pool.
    const everyCognitoStatement = Object.values(s.main.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((x) =>
        asArray(x.Action).some((a) => a.startsWith('cognito-idp:')),
      ),
    );
    expect(everyCognitoStatement).toHaveLength(1);
    const env = Object.values(s.main.findResources('AWS::Lambda::Function')).map(
      (f) => (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    );
    expect(env.filter((v) => 'COGNITO_USER_POOL_ID' in v)).toEqual([
      expect.objectContaining({ COGNITO_USER_POOL_ID: { Ref: pool } }),
    ]);
  });

  it('the public role cannot get, put, update, delete or query staff sessions, sign-ins, staff records, confidential addresses, staff notes or the audit table', () => {
    const pub = statementsOfRole(s.main, roles.public);
    // NOTE#<request id>: operator notes, handover notes and wrap-up summaries of a request.
    const secret = ['SESSION#abc', 'AUTHTX#abc', 'STAFF#abc', 'LOC#shelter-1', 'NOTE#01ABC'];
    for (const key of secret) {
      for (const op of Object.keys(ACTIONS_OF) as Operation[]) {
        expect(allows(pub, ACTIONS_OF[op], tables.app, undefined, key), `${op} ${key}`).toBe(false);
      }
      for (const index of ['gsi1', 'gsi2']) {
        expect(allows(pub, 'dynamodb:Query', tables.app, index, key), `query ${index} ${key}`).toBe(false);
      }
    }
    // The staff list and the held / queue indexes are the console's.
    expect(allows(pub, 'dynamodb:Query', tables.app, 'gsi1', 'STAFF')).toBe(false);
    expect(allows(pub, 'dynamodb:Query', tables.app, 'gsi1', 'QUEUE#1')).toBe(false);
    expect(allows(pub, 'dynamodb:Query', tables.app, 'gsi2', 'HELD')).toBe(false);
    for (const op of Object.keys(ACTIONS_OF) as Operation[]) {
      expect(allows(pub, ACTIONS_OF[op], tables.audit, undefined, 'REQ#1'), `audit ${op}`).toBe(false);
    }
    // What it needs still works: its own request and the directory.
    expect(allows(pub, 'dynamodb:PutItem', tables.app, undefined, 'REQ#01ABC')).toBe(true);
    expect(allows(pub, 'dynamodb:Query', tables.app, 'gsi1', 'DIRECTORY')).toBe(true);
    // It marks a person's staff notes for deletion instead (and cannot read or remove the mark).
    expect(allows(pub, 'dynamodb:PutItem', tables.app, undefined, 'ERASE#01ABC')).toBe(true);
    expect(allows(pub, 'dynamodb:GetItem', tables.app, undefined, 'ERASE#01ABC')).toBe(false);
    expect(allows(pub, 'dynamodb:Query', tables.app, 'gsi1', 'ERASE')).toBe(false);
    // And the console can reach its sessions and write and read staff notes.
    const con = statementsOfRole(s.main, roles.console);
    expect(allows(con, 'dynamodb:GetItem', tables.app, undefined, 'SESSION#abc')).toBe(true);
    expect(allows(con, 'dynamodb:PutItem', tables.app, undefined, 'NOTE#01ABC')).toBe(true);
    expect(allows(con, 'dynamodb:Query', tables.app, undefined, 'NOTE#01ABC')).toBe(true);
  });

  it('the jobs role deletes the staff notes a deletion mark names, and finds the marks', () => {
    const jobs = statementsOfRole(s.main, roles.jobs);
    expect(allows(jobs, 'dynamodb:Query', tables.app, 'gsi1', 'ERASE')).toBe(true);
    expect(allows(jobs, 'dynamodb:Query', tables.app, undefined, 'NOTE#01ABC')).toBe(true);
    expect(allows(jobs, 'dynamodb:BatchWriteItem', tables.app, undefined, 'NOTE#01ABC')).toBe(true);
    expect(allows(jobs, 'dynamodb:DeleteItem', tables.app, undefined, 'ERASE#01ABC')).toBe(true);
    // It never reads them: no GetItem on staff notes.
    expect(allows(jobs, 'dynamodb:GetItem', tables.app, undefined, 'NOTE#01ABC')).toBe(false);
  });

  it('the jobs role reaches only what its jobs touch', () => {
    const jobs = statementsOfRole(s.main, roles.jobs);
    for (const key of ['SESSION#a', 'AUTHTX#a', 'STAFF#a', 'LOC#a', 'RATE#a', 'IDEMP#a', 'REPORT#a']) {
      for (const op of Object.keys(ACTIONS_OF) as Operation[]) {
        expect(allows(jobs, ACTIONS_OF[op], tables.app, undefined, key), `${op} ${key}`).toBe(false);
      }
    }
    // Jobs delete only a check-in written while its follow-up was being stopped (REQ#), never a code.
    expect(allows(jobs, 'dynamodb:DeleteItem', tables.app, undefined, 'CODE#1')).toBe(false);
    expect(allows(jobs, 'dynamodb:Query', tables.audit, undefined, 'REQ#1')).toBe(false);
  });

  it('no role can update or delete audit items, or batch-write them', () => {
    for (const fn of FUNCTIONS) {
      const st = statementsOfRole(s.main, roles[fn]);
      for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(allows(st, action, tables.audit, undefined, 'REQ#1'), `${fn} ${action}`).toBe(false);
      }
    }
  });

  it('the personal-data key policy names the roles: public encrypts, only the console decrypts', () => {
    const keys = s.main.findResources('AWS::KMS::Key');
    const pii = keys[id(s.stacks.main.piiKey)] as { Properties: { KeyPolicy: { Statement: Statement[] } } };
    const statements = pii.Properties.KeyPolicy.Statement;
    const bySid = (sid: string) => statements.find((st) => (st as { Sid?: string }).Sid === sid);
    expect(JSON.stringify(bySid('PublicFunctionEncrypts')?.Principal)).toContain(roles.public);
    expect(asArray(bySid('PublicFunctionEncrypts')?.Action).sort()).toEqual([
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    expect(JSON.stringify(bySid('ConsoleFunctionDecrypts')?.Principal)).toContain(roles.console);
    const deny = bySid('NobodyElseDecrypts');
    expect(deny?.Effect).toBe('Deny');
    expect(asArray(deny?.Action)).toEqual(['kms:Decrypt']);
    expect(JSON.stringify(deny?.Condition)).toContain(roles.console);
    // The jobs role is named nowhere in the key policy.
    expect(JSON.stringify(statements)).not.toContain(roles.jobs);
  });
});
