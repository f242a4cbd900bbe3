import type { z } from 'zod/mini';

/*
 * zod's own messages say "Invalid input" for a 51-character name, a missing field and a string where a number
 * belongs alike. These read the rule off the schema instead, so every route's 400 names the field and what it
 * must be: `name: 1 to 50 characters`, `seatNo: an integer ≥ 1, got a string`, `concertId: required, …`.
 * Messages a schema sets itself (`z.regex(re, 'must be …')`) are kept. Kept small: it is in every HTTP bundle.
 */

type Schema = z.core.$ZodType;

interface Def {
  readonly type: string;
  readonly format?: string;
  readonly shape?: Record<string, Schema>;
  readonly element?: Schema;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

interface CheckDef {
  readonly check?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly error?: unknown;
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Without optional/nullable/default wrappers and a pipe's output side: the schema that states the rule. */
const unwrap = (schema: Schema): Schema => {
  const def = defOf(schema);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  return inner ? unwrap(inner) : schema;
};

/** The schema of the value at `path` inside `root`, or undefined where the path leaves the schema. */
const schemaAt = (root: Schema, path: readonly PropertyKey[]): Schema | undefined =>
  path.reduce<Schema | undefined>((schema, key) => {
    const next = schema && (typeof key === 'number' ? defOf(schema).element : defOf(schema).shape?.[String(key)]);
    return next && unwrap(next);
  }, unwrap(root));

/** "1 to 50 characters", "1..50", "at least 1 item", "≥ 1"; integer bounds: `> 0` reads as `≥ 1`. */
const range = (schema: Schema, unit: string, step: number): string => {
  let min: number | undefined;
  let max: number | undefined;
  for (const { _zod } of defOf(schema).checks ?? []) {
    const { check, minimum, maximum, value, inclusive } = _zod.def;
    if (check === 'min_length') min = minimum;
    if (check === 'max_length') max = maximum;
    if (check === 'greater_than' && value !== undefined) min = inclusive ? value : value + step;
    if (check === 'less_than' && value !== undefined) max = inclusive ? value : value - step;
  }
  const units = (count: number) => (unit ? ` ${unit}${count === 1 ? '' : 's'}` : '');
  if (min !== undefined && max !== undefined) return unit ? `${min} to ${max}${units(max)}` : `${min}..${max}`;
  if (min !== undefined) return unit ? `at least ${min}${units(min)}` : `≥ ${min}`;
  if (max !== undefined) return unit ? `at most ${max}${units(max)}` : `≤ ${max}`;
  return '';
};

/** The messages a schema states on its own checks (the id pattern, printable text), without "must be". */
const ownMessages = (schema: Schema): string[] =>
  (defOf(schema).checks ?? []).flatMap(({ _zod }) => {
    // zod keeps `z.regex(re, 'must be …')`'s message as a function that returns it.
    const message = typeof _zod.def.error === 'function' ? (_zod.def.error as () => unknown)() : undefined;
    return typeof message === 'string' ? [message.replace(/^must be /, '')] : [];
  });

/** Whether the schema states a maximum of its own (the rule then already says how big a value may be). */
const hasUpperBound = (schema: Schema): boolean => (defOf(schema).checks ?? []).some(({ _zod }) => _zod.def.check === 'less_than');

/** What a value of `schema` must be, in words: "1 to 50 characters", "an integer 1..50", "a UUID". */
export const describeRule = (wrapped: Schema): string => {
  const schema = unwrap(wrapped);
  const def = defOf(schema);
  const parts = [...ownMessages(schema)];
  if (def.type === 'string') parts.unshift(def.format === 'uuid' ? 'a UUID' : range(schema, 'character', 0) || (parts.length ? '' : 'text'));
  if (def.type === 'number') parts.unshift(`${def.format?.includes('int') ? 'an integer' : 'a number'} ${range(schema, '', 1)}`.trim());
  if (def.type === 'boolean') parts.unshift('true or false');
  if (def.type === 'array') parts.unshift(`a list of ${range(schema, 'item', 0) || 'items'}, each ${def.element ? describeRule(def.element) : 'a value'}`);
  if (def.type === 'object') parts.unshift(`an object with ${Object.keys(def.shape ?? {}).join(', ') || 'no fields'}`);
  return parts.filter(Boolean).join(', ') || 'a valid value';
};

const typeOfInput = (input: unknown): string => {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number' && !Number.isInteger(input)) return 'a fraction';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
};

/**
 * A zod error map for one parse against `root`: the rule part of the message ("1 to 50 characters"), or
 * undefined to keep the message the schema set itself.
 */
export const ruleMessages =
  (root: Schema) =>
  (issue: z.core.$ZodRawIssue): string | undefined => {
    const field = schemaAt(root, issue.path ?? []);
    if (issue.code === 'unrecognized_keys') {
      const keys = ((issue as { keys?: string[] }).keys ?? []).map((key) => `"${key}"`).join(', ');
      return `unknown field ${keys}; allowed: ${Object.keys((field && defOf(field).shape) ?? {}).join(', ') || 'none'}`;
    }
    const rule = field ? describeRule(field) : undefined;
    // zod's integers end at 2^53 − 1 whatever the schema says: 1e20 is "an integer ≥ 1" and still refused.
    if (issue.code === 'too_big' && issue.maximum === Number.MAX_SAFE_INTEGER && field && !hasUpperBound(field)) {
      return `${rule}, at most ${Number.MAX_SAFE_INTEGER} (got a larger one)`;
    }
    if (issue.code !== 'invalid_type') return rule;
    if (issue.input === undefined) return `required, ${rule ?? issue.expected}`;
    return `${rule ?? issue.expected}, got ${typeOfInput(issue.input)}`;
  };

/**
 * `name: 1 to 50 characters; seatNo: …`: one clause per field, each naming it (`seatNos[1]`), from the field's
 * first issue (its rule already states the others); an issue with the whole value (not an object, unknown
 * fields) is labelled with `whole` ("body", "path parameters").
 */
export const describeIssues = (issues: readonly z.core.$ZodIssue[], whole: string): string => {
  const clauses = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`)).join('') || whole;
    if (!clauses.has(field)) clauses.set(field, `${field}: ${issue.message}`);
  }
  return [...clauses.values()].join('; ');
};
