/**
 * The cold-start baseline: the least a Lambda handler of this stack imports (Hono with its Lambda
 * adapter, the DynamoDB DocumentClient, Preact server rendering), bundled with the same esbuild
 * options as the real handlers. The bench reports each handler's init as a ratio to this one,
 * measured alternately in the same run, so a busy machine moves both figures alike.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { renderToString } from 'preact-render-to-string';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION ?? 'local' }));
const app = new Hono();
app.get('/:lang/', (c) =>
  c.html(`<!doctype html>${renderToString(<p lang={c.req.param('lang')}>Hello</p>)}`),
);
app.get('/item', async (c) => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'baseline', Key: { pk: 'A', sk: 'A' } }));
  return c.json(Item ?? {});
});

export const handler = handle(app);
