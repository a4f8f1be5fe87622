import type { Service } from '../model.js';
import type { Attributes } from './attributes.js';
import type { ServiceInT } from './import-schema.js';
import { clean } from './util.js';

/**
 * Free when our free-of-charge attribute says so, or when every cost option costs 0. Priced cost
 * options are kept as text in the cost details after fees_description.
 */
export function mapCost(raw: ServiceInT, attributes: Attributes): Service['cost'] {
  const options = raw.cost_options ?? [];
  const free =
    attributes.flag('free-of-charge') ?? (options.length > 0 && options.every((o) => o.amount === 0));
  const priced = options
    .filter((o) => o.amount !== 0 && (o.amount !== undefined || clean(o.option)))
    .map((o) => {
      const amount =
        o.amount !== undefined ? `${o.amount}${o.currency ? ` ${o.currency.toUpperCase()}` : ''}` : '';
      const what = [amount, clean(o.amount_description)].filter(Boolean).join(' ');
      return [clean(o.option), what].filter(Boolean).join(': ');
    });
  const details = [clean(raw.fees_description), ...priced].filter(Boolean).join('\n');
  return { free, ...(details ? { details: { en: details } } : {}) };
}
