import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_TABLE,
  AUDIT_TABLE,
  keyAttributes,
  type TableDesign,
} from '../../functions/data/table-design.js';
import { synthWaypoint } from './support/synth.js';

async function synth(production = false): Promise<Template> {
  return (await synthWaypoint({ stage: production ? 'prod' : 'dev', helplinePhone: '+66 2 123 4567' })).main;
}

type TableResource = {
  Properties: {
    KeySchema: { AttributeName: string; KeyType: string }[];
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: string }[] }[];
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
    DeletionProtectionEnabled?: boolean;
    PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean };
  };
};

function tableFor(template: Template, design: TableDesign): TableResource {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table')) as TableResource[];
  const match = tables.filter((t) => {
    const gsis = t.Properties.GlobalSecondaryIndexes ?? [];
    return gsis.length === design.globalSecondaryIndexes.length;
  });
  expect(match).toHaveLength(1);
  return match[0] as TableResource;
}

describe('tables in the CDK stack', () => {
  let template: Template;
  beforeAll(async () => {
    template = await synth();
  }, 120_000);

  for (const design of [APP_TABLE, AUDIT_TABLE]) {
    it(`${design.logicalName}: keys, GSIs and TTL are exactly those of table-design.ts`, () => {
      const table = tableFor(template, design).Properties;
      expect(table.KeySchema).toEqual([
        { AttributeName: design.partitionKey, KeyType: 'HASH' },
        { AttributeName: design.sortKey, KeyType: 'RANGE' },
      ]);
      expect(table.AttributeDefinitions.map((a) => a.AttributeName).sort()).toEqual(
        keyAttributes(design).sort(),
      );
      expect(table.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
      expect(
        (table.GlobalSecondaryIndexes ?? []).map((g) => ({
          indexName: g.IndexName,
          partitionKey: g.KeySchema.find((k) => k.KeyType === 'HASH')?.AttributeName,
          sortKey: g.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName,
        })),
      ).toEqual(design.globalSecondaryIndexes.map((g) => ({ ...g })));
      if (design.timeToLiveAttribute) {
        expect(table.TimeToLiveSpecification).toEqual({
          AttributeName: design.timeToLiveAttribute,
          Enabled: true,
        });
      } else {
        expect(table.TimeToLiveSpecification).toBeUndefined();
      }
      expect(table.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled).toBe(true);
    });
  }

  it('protects production tables against deletion', async () => {
    const prod = await synth(true);
    const tables = Object.values(prod.findResources('AWS::DynamoDB::Table')) as TableResource[];
    expect(tables.every((t) => t.Properties.DeletionProtectionEnabled === true)).toBe(true);
  });
});
