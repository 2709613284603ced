// Calls to the Api. Player calls ride on the HttpOnly session cookie; an expired access cookie is renewed once
// with the refresh cookie and the call repeated. Admin calls carry a bearer token (the admin API never takes the
// cookie): an admin's own access token, held in memory, or the operator token typed on the operator page, held in
// memory too, so it is gone with the page.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

let accessToken = null;
let accessExpires = 0;
let refreshing = null;

let operatorToken = null;

export const hasOperatorToken = () => operatorToken !== null;
export const useOperatorToken = token => { operatorToken = token || null; };
export const forgetOperatorToken = () => { operatorToken = null; };

export function rememberAccess(token, expiresAt) {
  accessToken = token;
  accessExpires = expiresAt ? new Date(expiresAt).getTime() : Date.now() + 10 * 60 * 1000;
}

export function forgetAccess() {
  accessToken = null;
  accessExpires = 0;
}

/** Renews the session from the refresh cookie. Tabs take turns (a refresh token used twice ends the sign-in). */
export function refresh() {
  refreshing ??= (async () => {
    const run = async () => {
      const response = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) { forgetAccess(); return false; }
      const body = await response.json();
      rememberAccess(body.accessToken, body.accessTokenExpiresAt);
      return true;
    };
    try {
      return navigator.locks ? await navigator.locks.request('faucet-refresh', run) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The access token held in memory, if it is not about to expire; null otherwise (nothing is renewed). */
export const currentAccess = () => accessToken && accessExpires - Date.now() > 30000 ? accessToken : null;

/** The access token for a bearer call (the admin API, the private feed), renewed when it is about to expire. */
export async function bearer() {
  if (accessToken && accessExpires - Date.now() > 30000) return accessToken;
  return (await refresh()) ? accessToken : null;
}

async function send(method, path, body, options) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.admin) {
    const token = options.asOperator ? operatorToken : await bearer();
    if (token) headers.Authorization = `Bearer ${token}`;
  }
  try {
    return await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    // No answer at all (offline, a dropped connection): marked, so the page says so in its own words.
    error.unreachable = true;
    throw error;
  }
}

export async function api(method, path, body, options = {}) {
  let response = await send(method, path, body, options);
  if (response.status === 401 && !options.noRefresh && !options.asOperator && await refresh()) {
    response = await send(method, path, body, options);
  }
  // A wrong or rotated operator token is dropped at once, so it can be typed again.
  if ((response.status === 401 || response.status === 403) && options.asOperator) forgetOperatorToken();
  const text = await response.text();
  let json = null;
  if (text) { try { json = JSON.parse(text); } catch { json = null; } }
  // A body that is no problem (a proxy's page) says nothing a person can use: the status alone is told, in the page's words.
  if (!response.ok) throw new ApiError(response.status, json ?? {});
  return json;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body ?? {}, options);
