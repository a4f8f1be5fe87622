/**
 * All translation resources, imported statically so the Lambda bundles carry them and nothing is
 * read from disk at request time. English is the source; add a namespace here for every locale.
 */
import type { Locale } from '../functions/domain/locales.js';
import enCommon from './en/common.json' with { type: 'json' };
import idCommon from './id/common.json' with { type: 'json' };
import kmCommon from './km/common.json' with { type: 'json' };
import loCommon from './lo/common.json' with { type: 'json' };
import myCommon from './my/common.json' with { type: 'json' };
import thCommon from './th/common.json' with { type: 'json' };
import viCommon from './vi/common.json' with { type: 'json' };
import zhHansCommon from './zh-Hans/common.json' with { type: 'json' };

export const NAMESPACES = ['common'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Resources = Record<Locale, Record<Namespace, Record<string, unknown>>>;

export const RESOURCES: Resources = {
  en: { common: enCommon },
  th: { common: thCommon },
  my: { common: myCommon },
  km: { common: kmCommon },
  lo: { common: loCommon },
  vi: { common: viCommon },
  'zh-Hans': { common: zhHansCommon },
  id: { common: idCommon },
};
