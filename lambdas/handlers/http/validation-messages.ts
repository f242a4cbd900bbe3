import type { z } from 'zod/mini';

/*
 * zod's own messages say "Invalid input" for a 51-character name, a missing field and a string where a number
 * belongs alike. These read the rule off the schema instead, so every route's 400 names the field and what it
 * must be: `name: 1 to 50 characters`, `seatNo: an integer ≥ 1, got a string`, `concertId: required, …`.
 * Messages a schema sets itself (`z.regex(re, 'must be …')`) are kept.
 */

type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;

interface Bounds {
  min?: number;
  max?: number;
}

interface CheckDef {
  readonly check?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly error?: unknown;
}

const defOf = (schema: Schema) => schema._zod.def as z.core.$ZodTypeDef & {
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly format?: string;
  readonly innerType?: Schema;
  readonly element?: Schema;
  readonly shape?: Record<string, Schema>;
  readonly in?: Schema;
};

const checkDefs = (schema: Schema): CheckDef[] => (defOf(schema).checks ?? []).map((check) => check._zod.def);

/** Without optional/default wrappers and pipes' input side: the schema that states the rule. */
const unwrap = (schema: Schema): Schema => {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
};

/** The schema of the value at `path` inside `root`, or undefined where the path leaves the schema. */
export const schemaAt = (root: Schema, path: readonly PropertyKey[]): Schema | undefined => {
  let current: Schema | undefined = unwrap(root);
  for (const key of path) {
    if (!current) return undefined;
    const def = defOf(current);
    if (def.type === 'object' && def.shape) current = def.shape[String(key)];
    else if (def.type === 'array' && def.element) current = def.element;
    else return undefined;
    current = current && unwrap(current);
  }
  return current;
};

const lengthBounds = (schema: Schema): Bounds => {
  const bounds: Bounds = {};
  for (const check of checkDefs(schema)) {
    if (check.check === 'min_length' && check.minimum !== undefined) bounds.min = check.minimum;
    if (check.check === 'max_length' && check.maximum !== undefined) bounds.max = check.maximum;
    if (check.check === 'length_equals' && check.value !== undefined) bounds.min = bounds.max = check.value;
  }
  return bounds;
};

/** Integer bounds: `> 0` reads as `≥ 1`. */
const valueBounds = (schema: Schema, integer: boolean): Bounds => {
  const bounds: Bounds = {};
  const step = integer ? 1 : 0;
  for (const check of checkDefs(schema)) {
    if (check.check === 'greater_than' && check.value !== undefined) bounds.min = check.inclusive ? check.value : check.value + step;
    if (check.check === 'less_than' && check.value !== undefined) bounds.max = check.inclusive ? check.value : check.value - step;
  }
  return bounds;
};

const range = ({ min, max }: Bounds, unit: string): string => {
  const units = (count: number) => (unit ? ` ${unit}${count === 1 ? '' : 's'}` : '');
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}${units(min)}` : unit ? `${min} to ${max}${units(max)}` : `${min}..${max}`;
  if (min !== undefined) return unit ? `at least ${min}${units(min)}` : `≥ ${min}`;
  if (max !== undefined) return unit ? `at most ${max}${units(max)}` : `≤ ${max}`;
  return '';
};

/** The messages a schema states itself on its checks (the id pattern, printable text), without "must be". */
const ownMessages = (schema: Schema): string[] =>
  checkDefs(schema).flatMap((check) => {
    // zod keeps `z.regex(re, 'must be …')`'s message as a function that returns it.
    const message = typeof check.error === 'function' ? (check.error as () => unknown)() : undefined;
    return typeof message === 'string' ? [message.replace(/^must be /, '')] : [];
  });

const formatNames: Record<string, string> = { uuid: 'a UUID', email: 'an email address', datetime: 'an ISO-8601 date-time' };

/** What a value of `schema` must be, in words: "1 to 50 characters", "an integer 1..50", "a UUID". */
export const describeRule = (wrapped: Schema): string => {
  const schema = unwrap(wrapped);
  const def = defOf(schema);
  const own = ownMessages(schema);
  switch (def.type) {
    case 'string': {
      if (def.format && formatNames[def.format]) return formatNames[def.format] as string;
      const rules = [range(lengthBounds(schema), 'character'), ...own].filter(Boolean);
      return rules.length ? rules.join(', ') : 'text';
    }
    case 'number': {
      const integer = def.format === 'safeint' || def.format === 'int32';
      const bounds = range(valueBounds(schema, integer), '');
      return `${integer ? 'an integer' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
    }
    case 'boolean':
      return 'true or false';
    case 'array': {
      const element = def.element ? describeRule(def.element) : 'values';
      const count = range(lengthBounds(schema), 'item');
      return `a list${count ? ` of ${count}` : ''}, each ${element}`;
    }
    case 'object': {
      const fields = Object.keys(def.shape ?? {});
      return fields.length ? `an object with field${fields.length === 1 ? '' : 's'} ${fields.join(', ')}` : 'an empty object';
    }
    default:
      return own.length ? own.join(', ') : 'a valid value';
  }
};

const typeOfInput = (input: unknown): string => {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'number' && !Number.isInteger(input)) return 'a fraction';
  return `a ${typeof input}`;
};

/**
 * A zod error map for one parse against `root`: returns the rule part of the message ("1 to 50 characters"),
 * or undefined to keep the message the schema set itself.
 */
export const ruleMessages =
  (root: Schema) =>
  (issue: z.core.$ZodRawIssue): string | undefined => {
    const path = issue.path ?? [];
    const field = schemaAt(root, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = Object.keys(defOf(schemaAt(root, path) ?? root).shape ?? {});
        const keys = (issue as { keys?: string[] }).keys ?? [];
        return `unknown field${keys.length === 1 ? '' : 's'} ${keys.map((key) => `"${key}"`).join(', ')}; allowed: ${allowed.join(', ') || 'none'}`;
      }
      case 'invalid_type': {
        const rule = field ? describeRule(field) : `of type ${issue.expected}`;
        if (issue.input === undefined) return `required, ${rule}`;
        return `${rule}, got ${typeOfInput(issue.input)}`;
      }
      default:
        return field ? describeRule(field) : undefined;
    }
  };

const fieldName = (path: readonly PropertyKey[]): string =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');

/**
 * `name: 1 to 50 characters; seatNo: …`: one clause per issue, each naming its field; an issue with the whole
 * value (not an object, unknown fields) is labelled with `whole` ("body", "path parameters").
 */
export const describeIssues = (issues: readonly Issue[], whole: string): string =>
  issues.map((issue) => `${issue.path.length ? fieldName(issue.path) : whole}: ${issue.message}`).join('; ');
