import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { type Locale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { Field, FieldSet } from '../../web/components/form-field.js';
import type { ConsoleContext } from '../../web/console/layout.js';
import { StaffListView } from '../../web/console/staff.js';
import { translatorFor } from '../../web/i18n.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

/**
 * One way to show the error next to a field: a public form's field and a console form's field
 * render it with the same markup (id `<field>-error`, a visually hidden "Error:" in the page's
 * language first) and tie it to the field with aria-describedby.
 */

/** The error paragraph of a field, with its message replaced, so only the markup is compared. */
function errorMarkup(html: string, field: string): string | undefined {
  const p = html.match(new RegExp(`<p class="error" id="${field}-error">.*?</p>`))?.[0];
  return p?.replace(/(<\/span>).*(<\/p>)$/, '$1…$2').replace(`id="${field}-error"`, 'id="…-error"');
}

async function consoleCtx(locale: Locale): Promise<ConsoleContext> {
  return {
    t: await translatorFor(locale, 'console'),
    locale,
    siteName: 'Waypoint',
    css: '',
    scripts: [],
    user: { name: 'Ada', supervisor: false, admin: true, csrf: 'c' },
  };
}

/** The public follow-up form refusing a code: its error next to the code field. */
async function publicCodeError(locale: Locale): Promise<string> {
  const app = createPublicApp(fakePublicDeps().deps);
  const res = await app.request(`/${locale}/follow-up`, {
    method: 'POST',
    body: new URLSearchParams({ code: 'x' }),
  });
  expect(res.status).toBe(401);
  return res.text();
}

describe('the error next to a field', () => {
  for (const locale of ['en', 'th'] as const) {
    it(`is the same on a public form and on the console's forms (${locale})`, async () => {
      const publicHtml = await publicCodeError(locale);
      const expected = errorMarkup(publicHtml, 'code');
      const prefix = (await translatorFor(locale))('errors.prefix');
      expect(expected).toBe(
        `<p class="error" id="…-error"><span class="visually-hidden">${prefix} </span>…</p>`,
      );
      expect(publicHtml).toMatch(/<input[^>]* id="code"[^>]* aria-describedby="code-hint code-error"/);

      const ctx = await consoleCtx(locale);
      // A directory editor's field and group of checkboxes.
      const field = renderToString(
        <Field ctx={ctx} id="org" label="Organisation" hint="Hint" error="Choose one.">
          {(control) => <input {...control} name="org" />}
        </Field>,
      );
      expect(errorMarkup(field, 'org')).toBe(expected);
      expect(field).toContain(
        '<input id="org" aria-describedby="org-hint org-error" aria-invalid="true" name="org"/>',
      );
      const group = renderToString(
        <FieldSet ctx={ctx} id="days" legend="Days" error="Choose a day.">
          <input type="checkbox" name="days" value="mo" />
        </FieldSet>,
      );
      expect(errorMarkup(group, 'days')).toBe(expected);
      expect(group).toContain('<fieldset id="days" class="has-error" aria-describedby="days-error">');

      // The staff area's invitation form.
      const staff = renderToString(
        <StaffListView
          ctx={ctx}
          members={[]}
          loginKind="name"
          errors={{ name: 'name-required', login: 'login-invalid', roles: 'role-required' }}
          typed={{ roles: [], languages: [], childProtection: false }}
        />,
      );
      for (const id of ['staff-name', 'staff-login', 'invite-roles'])
        expect(errorMarkup(staff, id), id).toBe(expected);
      expect(staff).toContain(ctx.t('console:staff.errors.name-required'));
      expect(staff).toMatch(/<input id="staff-name" aria-describedby="staff-name-error" aria-invalid="true"/);
      expect(staff).toContain(
        '<fieldset id="invite-roles" class="has-error" aria-describedby="invite-roles-error">',
      );
      // The form-level message stays one alert; the fields' errors are not alerts of their own.
      expect(staff.match(/role="alert"/g)).toHaveLength(1);
    });
  }

  it("has its hidden prefix in every language, the console's as the public side's", async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const inConsole = (await translatorFor(locale, 'console'))('common:errors.prefix');
      const site = (await translatorFor(locale))('errors.prefix');
      expect(inConsole, locale).toBe(site);
      expect(inConsole, locale).not.toContain('errors.prefix');
    }
  });
});
