import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A SCIM response as an identity provider sees it. */
export interface ScimResponse {
  status: number;
  contentType: string | null;
  location: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Raw HTTP to `/scim/v2`, the way Okta and Entra call it: bearer token, application/scim+json. */
export function scimClient(graphqlUrl: string, token: string | null) {
  const base = graphqlUrl.replace(/\/graphql$/, '/scim/v2');
  return async (method: string, path: string, body?: unknown): Promise<ScimResponse> => {
    const headers: Record<string, string> = { accept: 'application/scim+json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/scim+json; charset=utf-8';
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      location: res.headers.get('location'),
      body: text ? JSON.parse(text) : null,
    };
  };
}

export interface FixtureRequest {
  method: string;
  path: string;
  body?: unknown;
}

/** A captured-style request from test/fixtures/scim/<vendor>.json, `{{name}}` placeholders filled in. */
export function scimFixture(
  vendor: 'okta' | 'entra',
  name: string,
  values: Record<string, string> = {},
): FixtureRequest {
  const all = JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'scim', `${vendor}.json`), 'utf8'),
  ) as Record<string, FixtureRequest>;
  if (!all[name]) throw new Error(`no fixture ${vendor}/${name}`);
  const filled = JSON.stringify(all[name]).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`fixture ${vendor}/${name} needs ${key}`);
    return values[key];
  });
  return JSON.parse(filled) as FixtureRequest;
}
