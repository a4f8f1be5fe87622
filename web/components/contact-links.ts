import type { ContactChannel } from '../../functions/domain/directory/model.js';
import { dialable } from './format.js';

/** The link a contact channel opens. Chat apps open their own app by number or handle. */
export function contactHref(c: ContactChannel): string | undefined {
  const digits = dialable(c.value);
  switch (c.kind) {
    case 'phone':
      return `tel:${digits}`;
    case 'sms':
      return `sms:${digits}`;
    case 'whatsapp':
      return `https://wa.me/${digits.replace('+', '')}`;
    case 'email':
      return mailtoHref(c.value);
    case 'web':
      return /^https:\/\//.test(c.value) ? c.value : undefined;
    case 'telegram':
      return /^@?[A-Za-z0-9_]{5,}$/.test(c.value) ? `https://t.me/${c.value.replace('@', '')}` : undefined;
    default:
      return undefined;
  }
}

/**
 * A mailto: link that carries the address only: directory data such as `a@b.org?bcc=x@y&body=…`
 * must not add recipients, a subject or a text to the person's message, so everything from `?` on
 * is dropped. Anything that is then not one plain address gets no link (the text is still shown).
 */
export function mailtoHref(value: string): string | undefined {
  const address =
    value
      .trim()
      .replace(/^mailto:/i, '')
      .split('?')[0] ?? '';
  if (!/^[^\s@?&#%/:,;<>"'()[\]\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(address)) return undefined;
  return `mailto:${address}`;
}
