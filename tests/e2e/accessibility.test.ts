import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

const PAGES = [
  '/',
  '/services',
  '/services?area=housing&place=TH',
  '/services?q=clinic',
  '/services/th-shelter',
  '/services/th-clinic/report',
  '/card?id=th-shelter&id=th-clinic',
  '/urgent?country=KH',
  '/help/request',
  '/help/status',
  '/follow-up',
  '/follow-up/manage',
  '/safety',
  '/families',
  '/rights?country=TH',
  '/rights?country=KH',
  '/rights?country=MM',
];

describe('public pages pass axe-core', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal();
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('axe really runs here: it finds a missing alt text on a broken page', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><img src="data:,"></main></body></html>',
    );
    const violations = await axeViolations(page);
    expect(violations.map((v) => v.id)).toContain('image-alt');
    await page.close();
  });

  for (const lang of ['en', 'th', 'my', 'km', 'shn', 'ksw']) {
    it(`every public page in ${lang} has no violations`, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      for (const path of PAGES) {
        const res = await page.goto(`${portal.baseUrl}/${lang}${path}`);
        expect(res?.status(), path).toBeLessThan(400);
        const violations = await axeViolations(page);
        if (violations.length) problems.push(`${path}:\n${describeViolations(violations)}`);
      }
      expect(problems.join('\n\n')).toBe('');
      await page.close();
    });
  }
});
