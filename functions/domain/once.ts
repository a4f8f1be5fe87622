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
