import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CloudFrontRequest, handler, withPayloadHash } from '../../cdk/edge/payload-hash.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function request(method: string, body?: CloudFrontRequest['body']): CloudFrontRequest {
  return {
    method,
    uri: '/en/help/request',
    headers: { host: [{ key: 'Host', value: 'x.lambda-url.on.aws' }] },
    body,
  };
}

/** The Lambda@Edge function that lets plain HTML form posts through origin access control. */
describe('payload hash at the edge', () => {
  it('adds the SHA-256 of a form post body, as Lambda URLs with IAM auth require', async () => {
    const form = 'step=7&consent=yes&message=%E0%B8%AA%E0%B8%A7%E0%B8%B1%E0%B8%AA%E0%B8%94%E0%B8%B5';
    const out = (await handler({
      Records: [
        {
          cf: {
            request: request('POST', {
              inputTruncated: false,
              action: 'read-only',
              encoding: 'base64',
              data: Buffer.from(form).toString('base64'),
            }),
          },
        },
      ],
    })) as CloudFrontRequest;
    expect(out.headers['x-amz-content-sha256']).toEqual([
      { key: 'x-amz-content-sha256', value: sha256(form) },
    ]);
    expect(out.headers.host).toEqual([{ key: 'Host', value: 'x.lambda-url.on.aws' }]);
  });

  it('hashes an empty body and leaves requests without a body alone', () => {
    const post = withPayloadHash(request('POST')) as CloudFrontRequest;
    expect(post.headers['x-amz-content-sha256']?.[0]?.value).toBe(sha256(''));
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(withPayloadHash(request(method)).headers['x-amz-content-sha256']).toBeUndefined();
    }
  });

  it('overwrites a hash the viewer sent', () => {
    const r = request('POST', { inputTruncated: false, action: 'read-only', encoding: 'text', data: 'a=1' });
    r.headers['x-amz-content-sha256'] = [{ key: 'X-Amz-Content-Sha256', value: 'forged' }];
    expect((withPayloadHash(r) as CloudFrontRequest).headers['x-amz-content-sha256']?.[0]?.value).toBe(
      sha256('a=1'),
    );
  });

  it('refuses a body CloudFront truncated instead of signing a wrong hash', () => {
    const out = withPayloadHash(
      request('POST', { inputTruncated: true, action: 'read-only', encoding: 'base64', data: '' }),
    );
    expect(out).toMatchObject({ status: '413' });
  });
});
