import { App } from 'aws-cdk-lib';
import { configFromContext } from './config.js';
import { buildWaypoint } from './waypoint-app.js';
import { writeWebDist } from './web-dist.js';

// `npx cdk synth|deploy -c config=waypoint.config.json`: validate the configuration first (a wrong
// value stops here with a message naming it), then build the web assets the bundles and the bucket use.
const app = new App();
const config = configFromContext((key) => app.node.tryGetContext(key));
const webDist = await writeWebDist('dist');
buildWaypoint(app, config, { webDist });
app.synth();
