/**
 * A value built on its first use and kept: for tables, schemas and reference data that a module
 * would otherwise build at import, which in a Lambda function means at every cold start
 * (docs/performance.md, "Cold start of the Lambda handlers").
 */
export function once<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}

/**
 * A value loaded once on its first use, for what a function loads with its first request rather
 * than at cold start (a module, a client). Concurrent callers share the load; a failed load is
 * tried again by the next caller instead of being kept.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
