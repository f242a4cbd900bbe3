import type { HttpRouteDefinition } from '../lambdas/routes';

export interface RouteMatch {
  readonly route: HttpRouteDefinition;
  /** Still percent-encoded, as they appeared in the path; see decodePathParameters. */
  readonly rawPathParameters: Record<string, string>;
}

const parameterName = (segment: string): string | undefined => /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];

const matchTemplate = (template: string, segments: readonly string[]): Record<string, string> | undefined => {
  const templateSegments = template.split('/');
  if (templateSegments.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, templateSegment] of templateSegments.entries()) {
    const segment = segments[index] ?? '';
    const name = parameterName(templateSegment);
    if (name === undefined) {
      if (segment !== templateSegment) return undefined;
    } else {
      // Like API Gateway, a `{name}` matches exactly one non-empty segment.
      if (segment === '') return undefined;
      parameters[name] = segment;
    }
  }
  return parameters;
};

/**
 * Finds the route for a method and raw (undecoded) path, as API Gateway does: literal segments must be equal,
 * each `{name}` takes one segment, and when several templates match the one with fewer parameters wins.
 */
export const matchRoute = (routes: readonly HttpRouteDefinition[], method: string, rawPath: string): RouteMatch | undefined => {
  const segments = rawPath.split('/');
  let best: RouteMatch | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const rawPathParameters = matchTemplate(route.path, segments);
    if (!rawPathParameters) continue;
    if (!best || Object.keys(rawPathParameters).length < Object.keys(best.rawPathParameters).length) {
      best = { route, rawPathParameters };
    }
  }
  return best;
};

/**
 * Percent-decodes path parameters as API Gateway hands them to Lambda; `invalid` names the first one that is not
 * valid percent-encoding of UTF-8.
 */
export const decodePathParameters = (raw: Record<string, string>): { decoded: Record<string, string> } | { invalid: string } => {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      return { invalid: name };
    }
  }
  return { decoded };
};
