import { App } from 'aws-cdk-lib';
import { WaypointStack } from './stacks/waypoint-stack.js';

const app = new App();
const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
new WaypointStack(app, `Waypoint-${stage}`, { stage, production: stage === 'prod' });
app.synth();
