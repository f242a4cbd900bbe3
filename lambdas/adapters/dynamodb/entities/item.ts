import * as z from 'zod/mini';
import { DomainError, ErrorCode } from '../../../domain/errors';

/** An item as the document client returns it. */
export type StoredItem = Record<string, unknown>;

/**
 * A stored item that does not have the shape its entity module says (a field missing, of the wrong type or out of
 * its set): a bug or a hand-edited table, never the client's fault, so a 500 whose body names nothing internal.
 * The message and context name the entity and the first field that failed, for the log.
 */
export class MalformedItemError extends DomainError {
  public constructor(
    public readonly entity: string,
    public readonly field: string,
    problem: string,
    context: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(ErrorCode.internal, `malformed ${entity} item: ${field}: ${problem}`, { entity, field, ...context }, options);
  }
}

const problemOf = (issue: z.core.$ZodIssue | undefined): string => {
  if (issue?.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue?.code === 'invalid_value') return `expected one of ${issue.values.map(String).join(', ')}`;
  return issue?.message ?? 'invalid';
};

/**
 * The storage boundary: an item becomes a typed value only through its entity's schema. The error names the
 * entity, the failing field (a path such as `holds.r-1`) and the item's key, never its other attributes.
 */
export const parseItem = <Schema extends z.ZodMiniType>(entity: string, schema: () => Schema, item: StoredItem): z.output<Schema> => {
  const result = schema().safeParse(item);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(item)';
  throw new MalformedItemError(entity, field, problemOf(issue), { pk: item.pk, sk: item.sk }, { cause: result.error });
};

/**
 * A schema built on its first use. Call it as `\/* @__PURE__ *\/ lazySchema(() => z.object(...))`: a bundle that imports an
 * entity module for its keys alone then carries neither the schema nor the zod types it needs (a bundle-size matter:
 * several handlers are within a few KB of the 300 KB budget).
 */
export const lazySchema = <Schema>(build: () => Schema): (() => Schema) => {
  let schema: Schema | undefined;
  return () => (schema ??= build());
};

/**
 * One of a fixed set of strings, and a list of numbers, as zod custom checks: in the handlers closest to the bundle
 * budget `z.enum` and `z.array` cost about 2 KB more than one `z.custom` shared by both.
 */
export const oneOf = <Value extends string>(values: readonly Value[]) =>
  z.custom<Value>((value) => typeof value === 'string' && (values as readonly string[]).includes(value), `expected one of ${values.join(', ')}`);

export const numberList = () =>
  z.custom<number[]>((value) => Array.isArray(value) && value.every((entry) => typeof entry === 'number'), 'expected a list of numbers');

const itemKeySchema = /* @__PURE__ */ lazySchema(() => z.object({ pk: z.string(), sk: z.string() }));

/** The table key of an entry of a KEYS_ONLY index (`entity` names whose entries they are, for the error). */
export const itemKeyFromItem = (entity: string, item: StoredItem): { readonly pk: string; readonly sk: string } => {
  const { pk, sk } = parseItem(entity, itemKeySchema, item);
  return { pk, sk };
};

/** `{ [name]: value }`, or nothing when the value is absent: optional attributes are left out of items, not stored as null. */
export const optional = <T>(name: string, value: T | undefined): Record<string, T> => (value === undefined ? {} : { [name]: value });
