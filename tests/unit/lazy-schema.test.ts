import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lazySchema } from '../../functions/domain/lazy-schema.js';
import { once } from '../../functions/domain/once.js';

const build = () =>
  z
    .object({ name: z.string().min(1), days: z.array(z.enum(['mo', 'tu'])).min(1) })
    .strict()
    .refine((v) => v.name !== 'x', { message: 'no-x', path: ['name'] });

describe('schemas built on first use', () => {
  it('builds nothing until the schema is used, then builds once', () => {
    let built = 0;
    const schema = lazySchema(() => {
      built++;
      return build();
    });
    const composed = z.object({ inner: schema.optional() });
    expect(built).toBe(1); // .optional() reads the schema
    const untouched = lazySchema(() => {
      built++;
      return build();
    });
    expect(built).toBe(1);
    expect(composed.parse({ inner: { name: 'a', days: ['mo'] } })).toEqual({
      inner: { name: 'a', days: ['mo'] },
    });
    expect(untouched.safeParse({ name: 'a', days: ['tu'] }).success).toBe(true);
    untouched.parse({ name: 'b', days: ['mo'] });
    expect(built).toBe(2);
  });

  it('gives the same results and the same issues as the schema built at once', () => {
    const eager = build();
    const lazy = lazySchema(build);
    for (const input of [
      { name: 'a', days: ['mo'] },
      { name: '', days: [] },
      { name: 'x', days: ['mo'] },
      { name: 'a', days: ['we'], extra: 1 },
      'not an object',
    ]) {
      const a = eager.safeParse(input);
      const b = lazy.safeParse(input);
      expect(b.success).toBe(a.success);
      expect(b.data).toEqual(a.data);
      expect(b.error?.issues).toEqual(a.error?.issues);
    }
    expect(() => lazy.parse({ name: '', days: [] })).toThrow(z.ZodError);
    expect(lazy instanceof z.ZodType).toBe(true);
    expect(z.array(lazy).safeParse([{ name: 'x', days: ['mo'] }]).error?.issues).toEqual(
      z.array(eager).safeParse([{ name: 'x', days: ['mo'] }]).error?.issues,
    );
  });

  it('once() builds a value on the first call and keeps it', () => {
    let calls = 0;
    const value = once(() => {
      calls++;
      return { n: calls };
    });
    expect(calls).toBe(0);
    expect(value()).toBe(value());
    expect(calls).toBe(1);
  });
});
