import { searchVocabulary } from '../../functions/app-deps.js';
import { loadRuntimeConfig } from '../../functions/config.js';
import { DirectoryIndex } from '../../functions/domain/directory/search.js';
import type { PublicAppDeps } from '../../functions/http/public-app.js';
import { referenceData } from '../../functions/reference/index.js';
import { fixtureSnapshot } from '../fixtures/directory-fixture.js';
import { FAKE_WEB_ASSETS } from './fake-assets.js';

/** Public app dependencies with no I/O: the fixture directory in memory, reports kept in an array. */
export function fakePublicDeps(overrides: { db?: boolean; env?: Record<string, string>; now?: Date } = {}) {
  const reference = referenceData();
  const index = new DirectoryIndex(fixtureSnapshot(), searchVocabulary(reference));
  const savedReports: { serviceId: string; reason: string; message: string }[] = [];
  const deps: PublicAppDeps = {
    config: loadRuntimeConfig({ ...overrides.env }),
    webAssets: FAKE_WEB_ASSETS,
    checkDatabase: async () => overrides.db ?? true,
    directory: { get: async () => index },
    reports: {
      save: async (serviceId, report) => {
        savedReports.push({ serviceId, reason: report.reason, message: report.message });
        return 'r1';
      },
    },
    reference,
    now: () => overrides.now ?? new Date('2026-11-25T03:00:00Z'),
  };
  return { deps, savedReports, index };
}
