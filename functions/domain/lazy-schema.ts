import { once } from './once.js';

/**
 * A zod schema built on its first use instead of at import. Module-level schemas are most of the
 * module code a Lambda function runs at cold start (docs/performance.md); wrapped, a schema costs
 * nothing until something parses with it, composes it or reads it (`.shape`, `.extend`).
 * Everything is read from the built schema, so callers, types, parse results and error messages
 * are those of the schema itself.
 */
export function lazySchema<T extends object>(build: () => T): T {
  const schema = once(build);
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    has: (_target, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Object.getPrototypeOf(schema()),
  });
}
