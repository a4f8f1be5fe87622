import { PHONE_CHANNELS } from '../../functions/domain/requests/vocabulary.js';

/**
 * The contact handle: a phone number, a user name or an e-mail address, depending on the channel.
 * When the chosen channel takes a phone number the field asks for the phone keypad
 * (`inputmode="tel"`); the request-form island switches the keypad as soon as another channel is
 * ticked, and without JavaScript the page chooses it from the channel already sent. Any script's
 * digits are accepted and stored as ASCII (functions/domain/digits.ts).
 */
export function HandleInput({
  channel,
  value,
  describedBy,
}: {
  channel: string | undefined;
  value: string;
  describedBy?: string | undefined;
}) {
  const phone = (PHONE_CHANNELS as readonly string[]).includes(channel ?? '');
  return (
    <input
      type="text"
      id="handle"
      name="handle"
      value={value}
      maxLength={120}
      autoComplete="off"
      spellcheck={false}
      inputMode={phone ? 'tel' : 'text'}
      data-phone-channels={PHONE_CHANNELS.join(' ')}
      aria-describedby={describedBy}
    />
  );
}
