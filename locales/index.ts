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
import enRequest from './en/request.json' with { type: 'json' };
import idRequest from './id/request.json' with { type: 'json' };
import kmRequest from './km/request.json' with { type: 'json' };
import loRequest from './lo/request.json' with { type: 'json' };
import myRequest from './my/request.json' with { type: 'json' };
import thRequest from './th/request.json' with { type: 'json' };
import viRequest from './vi/request.json' with { type: 'json' };
import zhHansRequest from './zh-Hans/request.json' with { type: 'json' };
import enConsole from './en/console.json' with { type: 'json' };
import idConsole from './id/console.json' with { type: 'json' };
import kmConsole from './km/console.json' with { type: 'json' };
import loConsole from './lo/console.json' with { type: 'json' };
import myConsole from './my/console.json' with { type: 'json' };
import thConsole from './th/console.json' with { type: 'json' };
import viConsole from './vi/console.json' with { type: 'json' };
import zhHansConsole from './zh-Hans/console.json' with { type: 'json' };
import enInfo from './en/info.json' with { type: 'json' };
import idInfo from './id/info.json' with { type: 'json' };
import kmInfo from './km/info.json' with { type: 'json' };
import loInfo from './lo/info.json' with { type: 'json' };
import myInfo from './my/info.json' with { type: 'json' };
import thInfo from './th/info.json' with { type: 'json' };
import viInfo from './vi/info.json' with { type: 'json' };
import zhHansInfo from './zh-Hans/info.json' with { type: 'json' };
import enFollowup from './en/followup.json' with { type: 'json' };
import idFollowup from './id/followup.json' with { type: 'json' };
import kmFollowup from './km/followup.json' with { type: 'json' };
import loFollowup from './lo/followup.json' with { type: 'json' };
import myFollowup from './my/followup.json' with { type: 'json' };
import thFollowup from './th/followup.json' with { type: 'json' };
import viFollowup from './vi/followup.json' with { type: 'json' };
import zhHansFollowup from './zh-Hans/followup.json' with { type: 'json' };

export const NAMESPACES = ['common', 'directory', 'request', 'console', 'info', 'followup'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Resources = Record<Locale, Record<Namespace, Record<string, unknown>>>;

export const RESOURCES: Resources = {
  en: {
    common: enCommon,
    directory: enDirectory,
    request: enRequest,
    console: enConsole,
    info: enInfo,
    followup: enFollowup,
  },
  th: {
    common: thCommon,
    directory: thDirectory,
    request: thRequest,
    console: thConsole,
    info: thInfo,
    followup: thFollowup,
  },
  my: {
    common: myCommon,
    directory: myDirectory,
    request: myRequest,
    console: myConsole,
    info: myInfo,
    followup: myFollowup,
  },
  km: {
    common: kmCommon,
    directory: kmDirectory,
    request: kmRequest,
    console: kmConsole,
    info: kmInfo,
    followup: kmFollowup,
  },
  lo: {
    common: loCommon,
    directory: loDirectory,
    request: loRequest,
    console: loConsole,
    info: loInfo,
    followup: loFollowup,
  },
  vi: {
    common: viCommon,
    directory: viDirectory,
    request: viRequest,
    console: viConsole,
    info: viInfo,
    followup: viFollowup,
  },
  'zh-Hans': {
    common: zhHansCommon,
    directory: zhHansDirectory,
    request: zhHansRequest,
    console: zhHansConsole,
    info: zhHansInfo,
    followup: zhHansFollowup,
  },
  id: {
    common: idCommon,
    directory: idDirectory,
    request: idRequest,
    console: idConsole,
    info: idInfo,
    followup: idFollowup,
  },
};
