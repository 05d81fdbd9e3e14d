// The few lines of JS the module calls, in one file so a page loads one module for them (and
// the package ships one). Each section belongs to the Rust file named in its heading, which
// declares these functions in an `extern "C"` block. The JS here talks to the browser and
// reports what happened; the client's logic (what a result means, what to do next) is in Rust.

// ---- Values (src/json/js.rs): kinds, same-JSON comparison, deep freeze, the checker's scan.

export function kind(v) {
  if (v === undefined) return 0;
  if (v === null) return 1;
  switch (typeof v) {
    case 'boolean': return 2;
    case 'number': return 3;
    case 'string': return 4;
    case 'object': return Array.isArray(v) ? 5 : 6;
    default: return 0;
  }
}
export function field_kind(o, k) { return kind(o[k]); }
const own = (o, key) => Object.getOwnPropertyDescriptor(o, key)?.value;
const defined = (o) => Object.keys(o).filter((key) => own(o, key) !== undefined);
export function same_json(a, b) {
  // Iterative, so no depth of nesting can overflow the stack.
  const stack = [a, b];
  while (stack.length > 0) {
    const y = stack.pop(), x = stack.pop();
    if (x === y || (x !== x && y !== y)) continue;
    const k = kind(x);
    if (k !== kind(y) || k < 5) return false;
    if (k === 5) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    const keys = defined(x);
    if (keys.length !== defined(y).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
      stack.push(own(x, key), own(y, key));
    }
  }
  return true;
}
export function freeze_deep(v) {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object' || Object.isFrozen(x)) continue;
    Object.freeze(x);
    for (const item of Object.values(x)) if (typeof item === 'object' && item !== null) stack.push(item);
  }
}
export function number_text(v) { return String(v); }
export function first_unsettled(o, keys, masks, from) {
  for (let i = from; i < keys.length; i++) {
    if (!((masks[i] >> kind(o[keys[i]])) & 1)) return i;
  }
  return -1;
}

// ---- Requests (src/wasm/fetch.rs): build, fetch, the capped JSON body, timeout, abort.

const OVER_CAP = Symbol('over the cap');
const describe = (e) => e instanceof Error ? e.message
  : typeof e === 'string' ? e : `a thrown ${typeof e} that is not an Error`;

async function jsonWithin(response, cap) {
  const body = response.body;
  if (Number(response.headers.get('content-length')) > cap) {
    body?.cancel().catch(() => {});
    throw OVER_CAP;
  }
  const reader = body?.getReader(), parts = [];
  for (let size = 0; reader;) {
    const { done, value } = await reader.read();
    if (done) break;
    if ((size += value.byteLength) > cap) {
      reader.cancel().catch(() => {});
      throw OVER_CAP;
    }
    parts.push(value);
  }
  return JSON.parse(await new Blob(parts).text());
}

function notJson(contentType, why) {
  if (/end of JSON input|end of data/.test(why)) return 'an empty body';
  const media = contentType.split(';')[0].trim();
  return media ? `a ${media} body that is not JSON (${why})` : `a body that is not JSON (${why})`;
}

async function run(url, method, body, include, bearer, timeout, cap, controller) {
  let timedOut = false, timer;
  const failure = (e) => timedOut
    ? { error: 'timeout', message: `request timed out after ${timeout} ms` }
    : e?.name === 'AbortError'
      ? { error: 'aborted', message: `request aborted: ${describe(e)}` }
      : { error: 'network', message: `network error: ${describe(e)}` };
  const headers = new Headers();
  if (bearer !== undefined) {
    try {
      headers.set('Authorization', `Bearer ${bearer}`);
    } catch {
      return { error: 'invalid_argument', message: 'getToken returned a token that is not a valid header value' };
    }
  }
  // A CORS-safelisted content type: no preflight, as with the hooks' URLSearchParams.
  if (body !== undefined) headers.set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8');
  let request;
  try {
    request = new Request(url, {
      method, headers, body, signal: controller.signal, credentials: include ? 'include' : undefined,
    });
  } catch {
    // The browser's message quotes the URL, which holds the ticket or the dev-session token.
    return { error: 'invalid_argument', message: 'cannot build the request: the browser refused the frontend API URL' };
  }
  if (timeout) timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeout);
  try {
    let response;
    try {
      const pending = fetch(request);
      if (!(pending instanceof Promise)) {
        return { error: 'network', message: 'fetch returned something that is not a promise' };
      }
      response = await pending;
    } catch (e) {
      return failure(e);
    }
    if (!(response instanceof Response)) {
      return { error: 'network', message: 'fetch resolved to something that is not a Response' };
    }
    const answer = {
      status: response.status,
      statusText: response.statusText,
      devSession: response.headers.get('x-development-session') ?? undefined,
    };
    try {
      answer.json = await jsonWithin(response, cap);
    } catch (e) {
      if (e === OVER_CAP) {
        return { error: 'decode', status: response.status, message: 'the response body is longer than maxBodyBytes' };
      }
      if (timedOut || e?.name === 'AbortError') return failure(e);
      answer.notJson = notJson(response.headers.get('content-type') ?? '', describe(e));
    }
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

export function start_request(url, method, body, include, bearer, timeout, cap) {
  const controller = new AbortController();
  const done = run(url, method, body, include, bearer, timeout, cap, controller)
    .catch((e) => ({ error: 'network', message: `network error: ${describe(e)}` }));
  done.abort = () => controller.abort();
  return done;
}

export function abort_request(done) {
  done.abort();
}

export function sleep_ms(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2147483647)));
}

// ---- Storage (src/wasm/storage.rs): cookies, localStorage, the page address.

const attempt = (run) => { try { return run(); } catch { return undefined; } };
export function cookies() {
  return attempt(() => globalThis.document?.cookie) ?? '';
}
export function set_cookie(cookie) {
  attempt(() => { if (globalThis.document) globalThis.document.cookie = cookie; });
}
export function get_item(key) {
  return attempt(() => globalThis.localStorage?.getItem(key)) ?? undefined;
}
export function set_item(key, value) {
  attempt(() => globalThis.localStorage?.setItem(key, value));
}
export function take_page_param(name) {
  return attempt(() => {
    const location = globalThis.location;
    if (!location || !globalThis.history) return undefined;
    const url = new URL(location.href);
    const value = url.searchParams.get(name);
    if (value === null) return undefined;
    url.searchParams.delete(name);
    globalThis.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return value;
  });
}

// ---- Errors (src/wasm/js_error.rs): the parts of a thrown or rejected value.

export function thrown_parts(value) {
  const message = value instanceof Error ? value.message
    : typeof value === 'string' ? value : `a thrown ${typeof value} that is not an Error`;
  const status = value?.status, code = value?.code;
  return {
    message,
    status: typeof status === 'number' && status >= 100 && status < 600 ? status : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

// ---- Inputs (src/wasm/js_store.rs): an app object as JSON.stringify would see it.

export function as_json_would(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy = {};
  for (const [key, value] of Object.entries(input)) {
    if (value instanceof Date) copy[key] = isNaN(value.getTime()) ? null : value.toISOString();
    else if (typeof value !== 'number' || Number.isFinite(value)) copy[key] = value;
  }
  return copy;
}
