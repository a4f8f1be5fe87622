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
import enDirectory from './en/directory.json' with { type: 'json' };
import idDirectory from './id/directory.json' with { type: 'json' };
import kmDirectory from './km/directory.json' with { type: 'json' };
import loDirectory from './lo/directory.json' with { type: 'json' };
import myDirectory from './my/directory.json' with { type: 'json' };
import thDirectory from './th/directory.json' with { type: 'json' };
import viDirectory from './vi/directory.json' with { type: 'json' };
import zhHansDirectory from './zh-Hans/directory.json' with { type: 'json' };

export const NAMESPACES = ['common', 'directory'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Resources = Record<Locale, Record<Namespace, Record<string, unknown>>>;

export const RESOURCES: Resources = {
  en: { common: enCommon, directory: enDirectory },
  th: { common: thCommon, directory: thDirectory },
  my: { common: myCommon, directory: myDirectory },
  km: { common: kmCommon, directory: kmDirectory },
  lo: { common: loCommon, directory: loDirectory },
  vi: { common: viCommon, directory: viDirectory },
  'zh-Hans': { common: zhHansCommon, directory: zhHansDirectory },
  id: { common: idCommon, directory: idDirectory },
};
