import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkLayering,
  formatViolations,
  importsOf,
  LAYERS,
  layeringTable,
  layerOf,
  repositorySources,
} from '../support/layering.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the checker on in-memory files and returns its readable report. */
const report = (files: Record<string, string>) =>
  formatViolations(checkLayering(new Map(Object.entries(files))));

describe('layering', () => {
  it('every import of functions/, web/, cdk/ and locales/ points in an allowed direction', () => {
    const sources = repositorySources(ROOT);
    // The walk found the code (a wrong root would check nothing and pass).
    expect(sources.size).toBeGreaterThan(100);
    expect([...sources.keys()]).toContain('web/pages/services.tsx');
    expect(formatViolations(checkLayering(sources))).toBe('');
  }, 120_000);

  it('the README states the same directions as the table the check uses', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = '<!-- layers: begin (tests/support/layering.ts; the layering test checks this table) -->';
    const end = '<!-- layers: end -->';
    expect(readme).toContain(start);
    const inReadme = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(inReadme, 'README layers table: replace it with the table below').toBe(layeringTable());
  });

  it('every layer a rule names exists, and no two layers claim the same path', () => {
    const names = new Set(LAYERS.map((l) => l.name));
    for (const layer of LAYERS)
      for (const other of [...layer.mayImport, ...(layer.mayImportTypes ?? [])])
        expect(names, `${layer.name} names ${other}`).toContain(other);
    const paths = LAYERS.flatMap((l) => l.paths);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('the layering checker', () => {
  it('reports a page that imports a store, naming both files and the rule', () => {
    expect(
      report({
        'web/pages/x.tsx': "import { RequestStore } from '../../functions/data/request-store.js';\n",
      }),
    ).toBe('web/pages/x.tsx:1 → functions/data/request-store.js (layer web may not import layer data)');
  });

  it('sees import type, export … from, dynamic import() and import() types', () => {
    const out = report({
      'web/pages/a.tsx': "import type { FollowUp } from '../../functions/data/followup-store.js';\n",
      'web/pages/b.tsx': "export { Casework } from '../../functions/services/casework.js';\n",
      'web/pages/c.tsx': "export const load = () => import('../../functions/http/public-app.js');\n",
      'web/pages/d.tsx': "export type T = import('../../functions/handlers/public.js').Handler;\n",
      'web/pages/e.tsx': "const m = 'x';\nexport const load = () => import(m);\n",
    });
    expect(out.split('\n')).toEqual([
      'web/pages/a.tsx:1 → functions/data/followup-store.js (layer web may not import layer data)',
      'web/pages/b.tsx:1 → functions/services/casework.js (layer web may not import layer services)',
      'web/pages/c.tsx:1 → functions/http/public-app.js (layer web may not import layer http)',
      'web/pages/d.tsx:1 → functions/handlers/public.js (layer web may not import layer wiring)',
      'web/pages/e.tsx:2 → import(m) (a computed import() cannot be checked: name the module)',
    ]);
  });

  it('lets http name a store type but not load the store module', () => {
    expect(
      report({ 'functions/http/x.ts': "import type { RequestStore } from '../data/request-store.js';\n" }),
    ).toBe('');
    // `import { type X }` still loads the module (verbatimModuleSyntax keeps the import).
    expect(
      report({ 'functions/http/x.ts': "import { type RequestStore } from '../data/request-store.js';\n" }),
    ).toBe(
      'functions/http/x.ts:1 → functions/data/request-store.js (layer http may import only types from layer data: use import type)',
    );
  });

  it('keeps the domain free of cloud, server and I/O packages', () => {
    const out = report({
      'functions/domain/x.ts': [
        "import { Hono } from 'hono';",
        "import { GetCommand } from '@aws-sdk/lib-dynamodb';",
        "import { readFileSync } from 'node:fs';",
        "import { connect } from 'net';",
        "import { createHash } from 'node:crypto';",
        "import { z } from 'zod';",
        "import { Casework } from '../services/casework.js';",
      ].join('\n'),
    });
    expect(out.split('\n')).toEqual([
      'functions/domain/x.ts:1 → hono (layer domain may not import the package hono)',
      'functions/domain/x.ts:2 → @aws-sdk/lib-dynamodb (layer domain may not import the package @aws-sdk/lib-dynamodb)',
      'functions/domain/x.ts:3 → node:fs (layer domain may not use the Node built-in fs)',
      'functions/domain/x.ts:4 → net (layer domain may not use the Node built-in net)',
      'functions/domain/x.ts:7 → functions/services/casework.js (layer domain may not import layer services)',
    ]);
  });

  it('keeps the Lambda wiring away from the local runtime and cdk away from http', () => {
    const out = report({
      'functions/handlers/x.ts': "import { startLocal } from '../local/start.js';\n",
      'cdk/stacks/x.ts': "import { createPublicApp } from '../../functions/http/public-app.js';\n",
      'cdk/entries/x.ts': "export const { handler } = await import('../../functions/handlers/public.js');\n",
    });
    expect(out.split('\n')).toEqual([
      'functions/handlers/x.ts:1 → functions/local/start.js (layer wiring may not import layer local)',
      'cdk/stacks/x.ts:1 → functions/http/public-app.js (layer cdk may not import layer http)',
    ]);
  });

  it('reports a file in no layer and an import of the tests', () => {
    const out = report({
      'functions/new-thing.ts': 'export const a = 1;\n',
      'functions/data/x.ts': "import { x } from '../../tests/support/tables.js';\n",
    });
    expect(out.split('\n')).toEqual([
      'functions/new-thing.ts:1 → functions/new-thing.ts (this file is in no layer: add it to the table)',
      'functions/data/x.ts:1 → tests/support/tables.js (layer data may not import layer tests)',
    ]);
  });

  it('places a file in its most specific layer and reads specifiers with the TypeScript parser', () => {
    expect(layerOf('web/islands/near-me.ts')?.name).toBe('islands');
    expect(layerOf('web/build-assets.ts')?.name).toBe('web-assets');
    expect(layerOf('web/pages/home.tsx')?.name).toBe('web');
    expect(layerOf('functions/config.js')?.name).toBe('config');
    expect(layerOf('cdk/entries/console.ts')?.name).toBe('wiring');
    // A specifier inside a string or a comment is not an import.
    expect(
      importsOf(
        'web/x.ts',
        "// import '../functions/data/a.js'\nconst s = \"from '../functions/data/b.js'\";\n",
      ),
    ).toEqual([]);
  });
});
