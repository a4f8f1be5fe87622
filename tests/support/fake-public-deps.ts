import { RequestDrafts } from '../../functions/services/request-drafts.js';
import { searchVocabulary } from '../../functions/search-vocabulary.js';
import { loadRuntimeConfig } from '../../functions/config.js';
import { DirectoryIndex } from '../../functions/domain/directory/search.js';
import type { PublicAppDeps, PublicServices } from '../../functions/http/public-app.js';
import { referenceData } from '../../functions/reference/index.js';
import { CallbackRequests } from '../../functions/services/callback-requests.js';
import type { RequestStore } from '../../functions/data/request-store.js';
import type { CaseworkStore } from '../../functions/data/casework-store.js';
import type { FollowUpStore } from '../../functions/data/followup-store.js';
import type { Erasure } from '../../functions/services/erasure.js';
import { FollowUps } from '../../functions/services/followups.js';
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
    reference,
    now: () => overrides.now ?? new Date('2026-11-25T03:00:00Z'),
    services: async () => services,
  };
  const services: PublicServices = {
    directory: { get: async () => index },
    reports: {
      save: async (serviceId, report) => {
        savedReports.push({ serviceId, reason: report.reason, message: report.message });
        return 'r1';
      },
    },
    // Unit tests of pages never reach the request store; request flows are tested against DynamoDB Local.
    requests: {
      requests: new CallbackRequests({
        store: new Proxy({} as RequestStore, {
          get: () => () => Promise.reject(new Error('no request store in unit tests')),
        }),
        erasure: new Proxy({} as Erasure, {
          get: () => () => Promise.reject(new Error('no erasure in unit tests')),
        }),
        encrypt: async () => 'ciphertext',
        hashPin: async (pin) => `hash:${pin}`,
        verifyPin: async () => false,
        retentionDays: 30,
        now: () => new Date('2026-11-25T03:00:00Z'),
        randomBytes: (n) => new Uint8Array(n).fill(7),
      }),
      followUps: new FollowUps({
        store: new Proxy({} as FollowUpStore, {
          get: () => () => Promise.reject(new Error('no follow-up store in unit tests')),
        }),
        casework: new Proxy({} as CaseworkStore, {
          get: () => () => Promise.reject(new Error('no casework store in unit tests')),
        }),
        requests: new Proxy({} as RequestStore, {
          get: () => () => Promise.reject(new Error('no request store in unit tests')),
        }),
        erasure: new Proxy({} as Erasure, {
          get: () => () => Promise.reject(new Error('no erasure in unit tests')),
        }),
        encrypt: async () => 'ciphertext',
        retentionDays: 30,
        now: () => new Date('2026-11-25T03:00:00Z'),
        randomBytes: (n) => new Uint8Array(n).fill(7),
      }),
      limiter: { hit: async () => ({ allowed: true }) },
      clientAddress: () => undefined,
      secret: 'unit-test-secret-unit-test-secret-0123',
      tokens: { use: async () => true },
      drafts: new RequestDrafts(memoryDrafts(), () => new Date()),
    },
  };
  return { deps, savedReports, index };
}

/** Drafts kept in memory (unit tests only): the same sealing, a Map for the table. */
function memoryDrafts() {
  const items = new Map<string, { sealed: string; expiresAt: number }>();
  return {
    get: async (id: string, nowMs: number) => {
      const item = items.get(id);
      return item && item.expiresAt > nowMs ? item.sealed : undefined;
    },
    put: async (id: string, sealed: string, expiresAt: number) => {
      items.set(id, { sealed, expiresAt });
    },
  };
}
