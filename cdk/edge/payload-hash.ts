import { createHash } from 'node:crypto';

/**
 * Lambda@Edge (origin request) in front of the Lambda function URLs.
 *
 * CloudFront signs requests to the function URLs with origin access control (SigV4), so the
 * functions cannot be reached except through CloudFront. Lambda does not accept unsigned payloads:
 * a POST must carry the SHA-256 of its body in `x-amz-content-sha256`. Browsers posting plain HTML
 * forms (our forms work without JavaScript) cannot compute it, so this function does, from the body
 * CloudFront hands it. It logs nothing and changes nothing else.
 */

export interface CloudFrontHeaders {
  [name: string]: { key?: string; value: string }[];
}

export interface CloudFrontRequest {
  method: string;
  uri: string;
  headers: CloudFrontHeaders;
  body?: { inputTruncated: boolean; action: string; encoding: 'base64' | 'text'; data: string };
}

export interface CloudFrontResponse {
  status: string;
  statusDescription: string;
  headers: CloudFrontHeaders;
}

export interface OriginRequestEvent {
  Records: { cf: { request: CloudFrontRequest } }[];
}

const WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);
const HASH_HEADER = 'x-amz-content-sha256';

/** Adds the payload hash to requests that may carry a body; refuses bodies CloudFront truncated. */
export function withPayloadHash(request: CloudFrontRequest): CloudFrontRequest | CloudFrontResponse {
  if (WITHOUT_BODY.has(request.method.toUpperCase())) return request;
  const body = request.body;
  if (body?.inputTruncated) {
    // CloudFront passes at most 1 MB to the function; a hash of part of a body would be wrong.
    return {
      status: '413',
      statusDescription: 'Payload Too Large',
      headers: { 'cache-control': [{ key: 'Cache-Control', value: 'no-store' }] },
    };
  }
  const data = body?.data
    ? Buffer.from(body.data, body.encoding === 'text' ? 'utf8' : 'base64')
    : Buffer.alloc(0);
  request.headers[HASH_HEADER] = [
    { key: 'x-amz-content-sha256', value: createHash('sha256').update(data).digest('hex') },
  ];
  return request;
}

export const handler = async (event: OriginRequestEvent) => {
  const record = event.Records[0];
  if (!record) throw new Error('origin request event without a record');
  return withPayloadHash(record.cf.request);
};
