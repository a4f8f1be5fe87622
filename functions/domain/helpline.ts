import * as z from 'zod';
import { ContactChannelSchema, type Schedule, ScheduleSchema } from './directory/model.js';
import { isOpenAt } from './directory/schedule.js';
import { lazySchema } from './lazy-schema.js';
import { demoHelplineChannels } from './sample-helpline.js';

/**
 * The helpline's own live channels ("talk to someone now"): phone, LINE, WhatsApp … each with its
 * hours, from configuration (HELPLINE_CHANNELS, HELPLINE_TIME_ZONE). Shown wherever a journey could
 * end: home, urgent numbers, no search results, after a problem report, on error and outage pages.
 * "Open now" is worked out in the helpline's time zone, with the directory's own hours rule.
 */
export const HelplineChannelSchema = lazySchema(() =>
  z
    .object({
      kind: ContactChannelSchema.shape.kind.exclude(['walk-in', 'web']),
      value: z.string().min(1).max(120),
      /** Open day and night. */
      open24h: z.boolean().default(false),
      /** Opening periods in the helpline's time zone; none and not open24h: hours not given. */
      hours: ScheduleSchema.shape.hours,
    })
    .strict(),
);
export type HelplineChannel = z.infer<typeof HelplineChannelSchema>;

export const HelplineChannelsSchema = lazySchema(() => z.array(HelplineChannelSchema).min(1).max(12));

export interface HelplineSetup {
  channels: HelplineChannel[];
  timeZone: string;
  /** The shipped sample channels, not a real helpline yet: pages say so. */
  demo: boolean;
}

export interface LiveChannel extends HelplineChannel {
  /** true or false when hours are given, undefined when they are not. */
  openNow: boolean | undefined;
}

export interface LiveHelpline {
  channels: LiveChannel[];
  timeZone: string;
  demo: boolean;
  /** At least one channel is open now. */
  anyOpen: boolean;
}

/** Each channel with "open now" at `now` in the helpline's time zone; open channels first. */
export function liveHelpline(setup: HelplineSetup, now: Date): LiveHelpline {
  const channels = setup.channels.map((c): LiveChannel => {
    const known = c.open24h || c.hours.length > 0;
    const schedule: Schedule = { timeZone: setup.timeZone, open24h: c.open24h, hours: c.hours };
    return { ...c, openNow: known ? isOpenAt(schedule, now) : undefined };
  });
  const rank = (c: LiveChannel) => (c.openNow === true ? 0 : c.openNow === undefined ? 1 : 2);
  const sorted = channels
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
  return {
    channels: sorted,
    timeZone: setup.timeZone,
    demo: setup.demo,
    anyOpen: sorted.some((c) => c.openNow === true),
  };
}

/**
 * The helpline's channels as configured: HELPLINE_CHANNELS (JSON) when set, else the sample channels
 * (marked as a sample) while the phone line is the sample number, else that phone line alone, with
 * no hours claimed. Called once when a function that shows the channels starts: a wrong value stops
 * the start with a readable message, as the rest of the configuration does (functions/config.ts).
 */
export function helplineSetup(options: {
  channelsJson: string | undefined;
  phone: string;
  /** The phone line is the shipped sample number. */
  samplePhone: boolean;
  timeZone: string;
}): HelplineSetup {
  const { channelsJson, phone, samplePhone, timeZone } = options;
  if (channelsJson !== undefined)
    return { channels: parseHelplineChannels(channelsJson), timeZone, demo: false };
  if (samplePhone) return { channels: demoHelplineChannels(phone), timeZone, demo: true };
  return { channels: [{ kind: 'phone', value: phone, open24h: false, hours: [] }], timeZone, demo: false };
}

function parseHelplineChannels(json: string): HelplineChannel[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const parsed = HelplineChannelsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(
    'Invalid configuration:\n  HELPLINE_CHANNELS: must be a JSON array like [{"kind":"phone","value":"+66 2 123 4567","open24h":true}]',
  );
}
