import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against the committed docs/openapi.json, so the document cannot drift from what the
 * handlers answer: the request's method and path must match an operation (or get the contract's 404
 * NOT_FOUND), the status must be one the operation lists, and the body must validate against that status's
 * schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). The test HTTP clients and the smoke test call it on every
 * response.
 */

/** One answered request, as a client saw it. */
export interface ObservedResponse {
  readonly method: string;
  /** The requested path, still percent-encoded; a query string is ignored. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** The raw body text; '' when empty. */
  readonly body: string;
}

interface DocumentedResponse {
  /** Undefined for a response without a body (204). */
  readonly validate: ValidateFunction | undefined;
}

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly segments: readonly string[];
  readonly responses: ReadonlyMap<number, DocumentedResponse>;
}

const documentPath = resolve(__dirname, '..', '..', 'docs', 'openapi.json');
const componentsId = 'urn:openapi:components';
const jsonContent = 'application/json';

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  readonly components?: { readonly schemas?: Record<string, object> };
}

/** `#/components/schemas/X` points into the OpenAPI document; point it at the components schema registered on its own. */
const withComponentRefs = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(withComponentRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', `${componentsId}#/$defs/`) : withComponentRefs(value),
    ]),
  );
};

interface Contract {
  readonly operations: readonly Operation[];
  /** The shared error body, which unknown routes answer too. */
  readonly errorBody: ValidateFunction;
}

const loadContract = (): Contract => {
  const document = JSON.parse(readFileSync(documentPath, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: componentsId, $defs: withComponentRefs(document.components?.schemas ?? {}) });
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      segments: template.split('/'),
      responses: new Map(
        Object.entries(operation.responses).map(([status, response]) => {
          const schema = response.content?.[jsonContent]?.schema;
          return [Number(status), { validate: schema ? ajv.compile(withComponentRefs(schema) as object) : undefined }];
        }),
      ),
    })),
  );
  return { operations, errorBody: ajv.compile({ $ref: `${componentsId}#/$defs/Error` }) };
};

let loaded: Contract | undefined;
/** Read once per process, on first use. */
const contract = (): Contract => (loaded ??= loadContract());

const parameterCount = (operation: Operation) => operation.segments.filter((segment) => segment.startsWith('{')).length;

/** As API Gateway routes: literal segments equal, each `{name}` one non-empty segment, fewer parameters win. */
const findOperation = (method: string, rawPath: string): Operation | undefined => {
  const segments = rawPath.split('/');
  const candidates = contract().operations.filter(
    (operation) =>
      operation.method === method &&
      operation.segments.length === segments.length &&
      operation.segments.every((segment, index) => (segment.startsWith('{') ? segments[index] !== '' : segment === segments[index])),
  );
  return candidates.sort((a, b) => parameterCount(a) - parameterCount(b))[0];
};

const describeErrors = (validate: ValidateFunction): string =>
  (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`).join('; ');

const parseJson = (text: string): { value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
};

const bodyViolation = (response: ObservedResponse, validate: ValidateFunction | undefined): string | undefined => {
  if (!validate) return response.body === '' ? undefined : `documents no body, got ${JSON.stringify(response.body.slice(0, 200))}`;
  if (!response.contentType?.startsWith(jsonContent)) return `content-type is ${response.contentType ?? 'missing'}, not ${jsonContent}`;
  const parsed = parseJson(response.body);
  if (!parsed) return `body is not JSON: ${JSON.stringify(response.body.slice(0, 200))}`;
  return validate(parsed.value) ? undefined : `body ${response.body.slice(0, 300)} does not match the schema: ${describeErrors(validate)}`;
};

/** Why a response breaks docs/openapi.json, or undefined when it conforms. */
export const contractViolation = (response: ObservedResponse): string | undefined => {
  const rawPath = response.path.split('?')[0] ?? '';
  const operation = findOperation(response.method.toUpperCase(), rawPath);
  if (!operation) {
    // No route: the contract's 404 NOT_FOUND (API Gateway's $default route on AWS, the gateway locally).
    if (response.status !== 404) return `no operation for ${response.method} ${rawPath}, yet the status is ${response.status}, not 404`;
    const violation = bodyViolation(response, contract().errorBody);
    if (violation) return violation;
    const code = (JSON.parse(response.body) as { error: { code: string } }).error.code;
    return code === 'NOT_FOUND' ? undefined : `an unknown route must be NOT_FOUND, got ${code}`;
  }
  const documented = operation.responses.get(response.status);
  if (!documented) {
    return `${operation.method} ${operation.template} documents ${[...operation.responses.keys()].join(', ')}, not ${response.status}`;
  }
  return bodyViolation(response, documented.validate);
};

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Throws when a response breaks docs/openapi.json, naming the request, the status and what is wrong. */
export const assertMatchesContract = (response: ObservedResponse): void => {
  const violation = contractViolation(response);
  if (violation) {
    throw new ContractViolation(`${response.method} ${response.path} answered ${response.status}, which breaks docs/openapi.json: ${violation}`);
  }
};
