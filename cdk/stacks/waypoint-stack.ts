import { Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { APP_TABLE, AUDIT_TABLE } from '../../functions/data/table-design.js';
import { TableFromDesign } from '../constructs/table-from-design.js';

export interface WaypointStackProps extends StackProps {
  stage: string;
  production: boolean;
}

/** The portal's AWS resources. Data layer first; compute and edge follow in later work. */
export class WaypointStack extends Stack {
  readonly appTable: TableFromDesign;
  readonly auditTable: TableFromDesign;

  constructor(scope: Construct, id: string, props: WaypointStackProps) {
    super(scope, id, props);
    const tableKey = new kms.Key(this, 'TableKey', {
      description: 'Encrypts the Waypoint tables at rest',
      enableKeyRotation: true,
    });
    this.appTable = new TableFromDesign(this, 'AppTable', {
      design: APP_TABLE,
      encryptionKey: tableKey,
      production: props.production,
    });
    this.auditTable = new TableFromDesign(this, 'AuditTable', {
      design: AUDIT_TABLE,
      encryptionKey: tableKey,
      production: props.production,
    });
  }
}
