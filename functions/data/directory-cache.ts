import type { DirectoryIndex, IndexVocabulary } from '../domain/directory/search.js';
import type { DirectoryStore } from './directory-store.js';

export interface DirectoryCacheOptions {
  /** How often to ask the table whether the directory changed. */
  checkEveryMs?: number;
  /** Extra words for the index; a function is called once, when the first index is built. */
  vocabulary?: IndexVocabulary | (() => IndexVocabulary);
  now?: () => number;
}

/**
 * Holds the search index of the whole directory in memory. At most every `checkEveryMs` it reads
 * the version stamp (one GetItem) and rebuilds the index only when the version changed. When the
 * table cannot be reached it keeps serving the last good directory, so public pages keep working.
 */
export class DirectoryCache {
  private index: DirectoryIndex | undefined;
  private checkedAt = 0;
  private refreshing: Promise<DirectoryIndex> | undefined;
  private readonly checkEveryMs: number;
  private readonly now: () => number;
  private vocabularyBuilt: IndexVocabulary | undefined;

  constructor(
    private readonly store: Pick<DirectoryStore, 'currentVersion' | 'loadSnapshot'>,
    private readonly options: DirectoryCacheOptions = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<DirectoryIndex> {
    if (this.index && this.now() - this.checkedAt < this.checkEveryMs) return this.index;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private vocabulary(): IndexVocabulary | undefined {
    const given = this.options.vocabulary;
    if (typeof given !== 'function') return given;
    this.vocabularyBuilt ??= given();
    return this.vocabularyBuilt;
  }

  /** Forces the next get() to check the version (after a local edit). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async refresh(): Promise<DirectoryIndex> {
    try {
      const version = await this.store.currentVersion();
      if (!this.index || this.index.version !== version) {
        const snapshot = await this.store.loadSnapshot();
        // The search engine loads with the first index, not at cold start.
        const { DirectoryIndex } = await import('../domain/directory/search.js');
        this.index = new DirectoryIndex(snapshot, this.vocabulary());
      }
      this.checkedAt = this.now();
      return this.index;
    } catch (error) {
      if (this.index) {
        // Serve the last good directory; try the table again after a shorter pause.
        this.checkedAt = this.now() - this.checkEveryMs / 2;
        return this.index;
      }
      throw error;
    }
  }
}
