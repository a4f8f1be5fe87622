import { describe, expect, it } from 'vitest';
import { mailtoHref } from '../../web/components/contact-links.js';

describe('mailto links from directory data', () => {
  it('carry the address only', () => {
    expect(mailtoHref('help@example.org')).toBe('mailto:help@example.org');
    expect(mailtoHref(' mailto:help@example.org ')).toBe('mailto:help@example.org');
    expect(mailtoHref('help@example.org?bcc=spy@example.net&body=hi')).toBe('mailto:help@example.org');
    expect(mailtoHref('help@example.org?subject=x')).toBe('mailto:help@example.org');
  });
  it('give no link for anything that is not one plain address', () => {
    for (const value of [
      'help@example.org,spy@example.net',
      'help@example.org;spy@example.net',
      'a b@example.org',
      'javascript:alert(1)@x.org',
      '@example.org',
      'help@',
      '%0Abcc@example.org',
    ])
      expect(mailtoHref(value), value).toBeUndefined();
  });
});
