import type * as z from 'zod';

/** A structured validation error: codes and paths, never English sentences (the UI translates codes). */
export interface ValidationErrorBody {
  error: { code: 'invalid_input'; issues: { code: string; path: (string | number)[] }[] };
}

export function validationErrorBody(
  error: z.ZodError,
  prefix: (string | number)[] = [],
): ValidationErrorBody {
  return {
    error: {
      code: 'invalid_input',
      issues: error.issues.map((i) => ({
        code: i.code,
        path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      })),
    },
  };
}
