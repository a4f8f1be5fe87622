import { CONTACT_KINDS, type ContactChannel, type ContactKind } from '../model.js';
import { type Attributes, readAttributes } from './attributes.js';
import type { ContactInT, PhoneInT, ServiceAtLocationInT, ServiceInT } from './import-schema.js';
import { clean, withoutUndefined } from './util.js';

/** HSDS phones, contacts, email, url and our contact-channel attributes → our contact channels. */

/** Phone numbers in some HSDS data carry literal quotes ("\"+44 1234 234567\""); they are removed. */
function cleanNumber(value: string): string | undefined {
  return clean(value.trim().replace(/^["']+|["']+$/g, ''));
}

export function mapContacts(
  raw: ServiceInT,
  sals: ServiceAtLocationInT[],
  virtualUrls: string[],
  attributes: Attributes,
): ContactChannel[] {
  const out: ContactChannel[] = [];
  const add = (channel: ContactChannel) => {
    const same = out.find((c) => c.kind === channel.kind && c.value === channel.value);
    if (!same) out.push(channel);
    else if (!same.label && channel.label) same.label = channel.label;
  };
  const addPhone = (p: PhoneInT) => {
    const type = p.type?.toLowerCase();
    if (type === 'fax' || type === 'pager' || type === 'video') return;
    const value = cleanNumber(p.number);
    if (!value) return;
    const phoneAttributes = readAttributes(p.attributes);
    const label = [p.extension !== undefined ? `Extension ${p.extension}.` : undefined, clean(p.description)]
      .filter(Boolean)
      .join(' ');
    add({
      kind: type === 'text' || type === 'sms' ? 'sms' : 'phone',
      value,
      ...(label ? { label: { en: label } } : {}),
      ...withoutUndefined({
        free: phoneAttributes.flag('free-call'),
        showsOnBill: phoneAttributes.flag('shows-on-bill'),
      }),
    });
  };
  const addContact = (c: ContactInT) => {
    for (const p of c.phones ?? []) addPhone(p);
    const email = clean(c.email);
    const name = clean(c.name);
    if (email) add({ kind: 'email', value: email, ...(name ? { label: { en: name } } : {}) });
  };

  for (const p of raw.phones ?? []) addPhone(p);
  const email = clean(raw.email);
  if (email) add({ kind: 'email', value: email });
  for (const c of raw.contacts ?? []) addContact(c);
  const url = clean(raw.url);
  if (url) add({ kind: 'web', value: url });
  for (const sal of sals) {
    for (const p of sal.phones ?? []) addPhone(p);
    for (const c of sal.contacts ?? []) addContact(c);
  }
  for (const u of virtualUrls) add({ kind: 'web', value: u });
  for (const entry of attributes.all('contact-channel')) {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon) as ContactKind;
    const value = clean(entry.slice(colon + 1));
    if (colon > 0 && value && (CONTACT_KINDS as readonly string[]).includes(kind)) add({ kind, value });
  }
  return out;
}
