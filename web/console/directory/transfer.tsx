import { SUPPORTED_LOCALES } from '../../../functions/domain/locales.js';
import { type ConsoleContext, ConsoleLayout } from '../layout.js';
import { DirectoryNav } from './listings.js';
import { FormAlert } from '../../components/form-errors.js';

/** What an import did or would do (from the one importer's report), for the page. */
export interface ImportSummary {
  fileName: string;
  locale: string;
  sha256: string;
  accepted: { ref: string; services: string[] }[];
  rejected: { ref: string; reason: string }[];
  warnings: { ref: string; message: string }[];
  skipped: number;
}

/**
 * Import and export in the console: upload an HSDS 3.0 JSON file in one language, see what it
 * would do (nothing is written), then confirm with the same file (its checksum must match what
 * was previewed); export downloads one language.
 */
export function TransferView({
  ctx,
  preview,
  imported,
  error,
  maxMegabytes,
}: {
  ctx: ConsoleContext;
  preview?: ImportSummary;
  imported?: ImportSummary;
  error?: string;
  maxMegabytes: number;
}) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  const x = (key: string, o?: Record<string, unknown>) => t(`console:directory.transfer.${key}`, o);
  const localeSelect = (selected: string) => (
    <select id="locale" name="locale">
      {SUPPORTED_LOCALES.map((l) => (
        <option value={l} selected={selected === l}>
          {l}
        </option>
      ))}
    </select>
  );
  const summary = preview ?? imported;
  return (
    <ConsoleLayout ctx={ctx} title={x('title')}>
      <DirectoryNav ctx={ctx} />
      <h1>{x('title')}</h1>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {imported ? (
        <p role="status" class="notice">
          {x('imported', { count: imported.accepted.length })}
        </p>
      ) : null}
      {summary ? (
        <section class="import-report">
          <h2>{preview ? x('previewTitle') : x('reportTitle')}</h2>
          <p>
            {summary.fileName} · {summary.locale} · <code>{x('checksum', { sha256: summary.sha256 })}</code>
          </p>
          <h3>{x('accepted', { count: summary.accepted.length })}</h3>
          <ul>
            {summary.accepted.map((a) => (
              <li>
                {a.ref}: {a.services.join(', ')}
              </li>
            ))}
          </ul>
          <h3>{x('rejected', { count: summary.rejected.length })}</h3>
          <ul>
            {summary.rejected.map((r) => (
              <li>
                <strong>{r.ref}</strong>: {r.reason}
              </li>
            ))}
          </ul>
          <h3>{x('warnings', { count: summary.warnings.length })}</h3>
          <ul>
            {summary.warnings.map((w) => (
              <li>
                <strong>{w.ref}</strong>: {w.message}
              </li>
            ))}
          </ul>
          {summary.skipped ? <p>{x('skipped', { count: summary.skipped })}</p> : null}
        </section>
      ) : null}
      {preview && preview.accepted.length > 0 ? (
        <form method="post" action="/console/directory/transfer/import" enctype="multipart/form-data">
          <h2>{x('confirmTitle')}</h2>
          <p>{x('confirmIntro')}</p>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="locale" value={preview.locale} />
          <input type="hidden" name="sha256" value={preview.sha256} />
          <label for="confirm-file">{x('file')}</label>{' '}
          <input id="confirm-file" type="file" name="file" accept=".json,application/json" required />{' '}
          <button type="submit" class="button">
            {x('confirm', { count: preview.accepted.length })}
          </button>
        </form>
      ) : null}
      <form method="post" action="/console/directory/transfer/preview" enctype="multipart/form-data">
        <h2>{x('importTitle')}</h2>
        <p>{x('importIntro', { mb: maxMegabytes })}</p>
        <input type="hidden" name="csrf" value={csrf} />
        <p>
          <label for="file">{x('file')}</label>{' '}
          <input id="file" type="file" name="file" accept=".json,application/json" required />
        </p>
        <p>
          <label for="locale">{x('locale')}</label> {localeSelect(preview?.locale ?? 'en')}
        </p>
        <button type="submit" class="button">
          {x('preview')}
        </button>
      </form>
      <form method="get" action="/console/directory/transfer/export">
        <h2>{x('exportTitle')}</h2>
        <p>{x('exportIntro')}</p>
        <label for="export-locale">{x('locale')}</label>{' '}
        <select id="export-locale" name="locale">
          {SUPPORTED_LOCALES.map((l) => (
            <option value={l}>{l}</option>
          ))}
        </select>{' '}
        <button type="submit" class="button secondary">
          {x('download')}
        </button>
      </form>
    </ConsoleLayout>
  );
}
