import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableDesign } from '../../functions/data/table-design.js';

export interface TableFromDesignProps {
  design: TableDesign;
  tableName?: string;
  encryptionKey?: kms.IKey;
  /** Production tables are retained and protected against deletion. */
  production: boolean;
}

/** A DynamoDB table built from the shared design in functions/data/table-design.ts. */
export class TableFromDesign extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TableFromDesignProps) {
    super(scope, id);
    const { design } = props;
    const s = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      ...(props.tableName ? { tableName: props.tableName } : {}),
      partitionKey: s(design.partitionKey),
      sortKey: s(design.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      ...(design.timeToLiveAttribute ? { timeToLiveAttribute: design.timeToLiveAttribute } : {}),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(props.encryptionKey
        ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
        : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
    });
    for (const gsi of design.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: s(gsi.partitionKey),
        sortKey: s(gsi.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
