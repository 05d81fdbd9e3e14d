// The few lines of JS the module calls, in one file so a page loads one module for them (and
// the package ships one). Each section belongs to the Rust file named in its heading, which
// declares these functions in an `extern "C"` block. The JS here talks to the browser and
// reports what happened; the client's logic (what a result means, what to do next) is in Rust.

// ---- Values (src/wasm/js_json.rs): kinds, same-JSON comparison, deep freeze, the checker's scan.

const KINDS = { boolean: 2, number: 3, string: 4 };
export function kind(v) {
  return v === null ? 1 : typeof v === 'object' ? (Array.isArray(v) ? 5 : 6) : KINDS[typeof v] ?? 0;
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
      if (!Object.hasOwn(y, key)) return false;
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

// ---- Requests (src/wasm/driver.rs): build, fetch, the capped JSON body, timeout, abort.

// The streamed body is ended with an Error: WebKit's `Response.json()` never settles when the
// stream is errored with any other value. EMPTY stands for a body of no bytes (an absent one too).
const OVER_CAP = Error(), EMPTY = Error();
const describe = (e) => e instanceof Error ? e.message
  : typeof e === 'string' ? e : `a thrown ${typeof e} that is not an Error`;

async function jsonWithin(response, cap) {
  const body = response.body;
  if (Number(response.headers.get('content-length')) > cap) {
    body?.cancel().catch(() => {});
    throw OVER_CAP;
  }
  // The bytes are counted as they stream by (a compressed body can outgrow its content-length);
  // the browser parses them, which is faster than joining and parsing them here.
  let size = 0;
  const counted = body?.pipeThrough(new TransformStream({
    transform(chunk, stream) {
      if ((size += chunk.byteLength) > cap) stream.error(OVER_CAP);
      else stream.enqueue(chunk);
    },
  }));
  try {
    return await new Response(counted).json();
  } catch (e) {
    // No byte and a parse error (a SyntaxError; WebKit's is a DOMException of that name) is an
    // empty body, whatever the engine's message says.
    throw size > cap ? OVER_CAP : size || e?.name != 'SyntaxError' ? e : EMPTY;
  }
}

// A fetch that failed with no answer the page may read: the browser's words for it ("Failed to
// fetch", "Load failed", ...) name no cause, so the likely ones are said too. An answer sent
// without CORS headers (Wacht's rate limiter answers so) is one the page may not read.
const networkError = (e) => ({
  error: 'network',
  message: `network error (no answer, or one without CORS headers): ${describe(e)}`,
});

function notJson(contentType, why) {
  const media = contentType.split(';')[0].trim();
  return `a ${media && `${media} `}body that is not JSON (${why})`;
}

async function run(url, method, body, include, bearer, timeout, cap, controller) {
  let timedOut = false, timer;
  const failure = (e) => timedOut
    ? { error: 'timeout', message: `request timed out after ${timeout} ms` }
    : e?.name === 'AbortError'
      ? { error: 'aborted', message: `request aborted: ${describe(e)}` }
      : networkError(e);
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
  // The fetch and the body read each race the timer: an engine may settle them after the abort
  // (WebKit resolves a fetch whose signal already fired), and the bound must hold regardless.
  const late = new Promise((_, expire) => {
    if (timeout) timer = setTimeout(() => { timedOut = true; controller.abort(); expire(); }, timeout);
  });
  try {
    let response;
    try {
      // A replaced fetch may return anything: what is no Response, awaited or not, is refused.
      response = await Promise.race([fetch(request), late]);
    } catch (e) {
      return failure(e);
    }
    if (!(response instanceof Response)) {
      return { error: 'network', message: 'fetch gave something that is not a Response' };
    }
    const answer = {
      status: response.status,
      statusText: response.statusText,
      devSession: response.headers.get('x-development-session') ?? undefined,
    };
    try {
      answer.json = await Promise.race([jsonWithin(response, cap), late]);
    } catch (e) {
      if (e === OVER_CAP) {
        return { error: 'decode', status: response.status, message: 'the response body is longer than maxBodyBytes' };
      }
      if (timedOut || e?.name === 'AbortError') return failure(e);
      answer.notJson = e === EMPTY ? 'an empty body' : notJson(response.headers.get('content-type') ?? '', describe(e));
    }
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

// ---- The host (src/wasm/driver.rs): one per client, it keeps the JS side of the core's ids
// (promises of calls, requests, timers, store listeners). Requests, timers and the app's answers
// report back through `cb(kind, id, value)` (kind 0: a request ended, 1: a timer ran out, 2: the
// app answered), always later, never from inside the call that started them.

export function make_host(cb) {
  return { cb, calls: new Map(), requests: new Map(), timers: new Map(), stores: new Map() };
}

export function send(host, id, url, method, body, include, bearer, timeout, cap) {
  const controller = new AbortController();
  host.requests.set(id, controller);
  run(url, method, body, include, bearer, timeout, cap, controller)
    .catch(networkError)
    .then((result) => { if (host.requests.delete(id)) host.cb(0, id, result); });
}

// The answer of an aborted request is dropped here.
export function abort(host, id) {
  host.requests.get(id)?.abort();
  host.requests.delete(id);
}

export function start_timer(host, id, ms) {
  host.timers.set(id, setTimeout(() => {
    host.timers.delete(id);
    host.cb(1, id);
  }, Math.min(ms, 2147483647)));
}

export function stop_timer(host, id) {
  clearTimeout(host.timers.get(id));
  host.timers.delete(id);
}

// A provider function (called now) or a promise: `{ v }` when it gives a value, `{ failed, e }`
// when it throws or rejects.
export function answer(host, source, id) {
  let pending;
  try {
    pending = Promise.resolve(typeof source === 'function' ? source() : source);
  } catch (e) {
    pending = Promise.reject(e);
  }
  pending.then((v) => host.cb(2, id, { v }), (e) => host.cb(2, id, { failed: true, e }));
}

export function is_promise(value) {
  return value instanceof Promise;
}

// The promise of a call, settled by the client when its outcome is known. Until then the host
// holds `keep`, which keeps the client alive.
export function promise(host, id, keep) {
  return new Promise((resolve, reject) => host.calls.set(id, [resolve, reject, keep]));
}
export function settle(host, id, ok, value) {
  const settle = host.calls.get(id);
  host.calls.delete(id);
  settle?.[ok ? 0 : 1](value);
}

// A store as JS sees it: every method works unbound (`useSyncExternalStore(store.subscribe,
// store.getSnapshot)`), listeners are kept here, and the client does the rest: each method runs
// a store operation through `host.cb(op, id, arg)` (src/wasm/store.rs numbers them).
const STORE_OPS = 'subscribed getSnapshot dispose refetch createKey rotateKey revokeKey loadMore exchange'.split(' ');
// The handle each store object holds: it keeps the client alive while the store is used, and
// when the object is collected the client forgets the store.
const HANDLES = new WeakMap();
export function make_store(host, id, methods, handle) {
  const run = (name, arg) => host.cb(STORE_OPS.indexOf(name) + 3, id, arg);
  const listeners = new Map();
  let last = 0;
  const store = {
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw wacht_error('invalid_argument', 'subscribe(listener) needs a function');
      }
      const token = ++last;
      listeners.set(token, listener);
      run('subscribed');
      return () => { listeners.delete(token); };
    },
    getSnapshot: () => run('getSnapshot'),
    dispose() {
      listeners.clear();
      run('dispose');
    },
  };
  for (const name of methods.split(' ')) store[name] = (arg) => run(name, arg);
  if (typeof Symbol.dispose === 'symbol') store[Symbol.dispose] = store.dispose;
  // A listener that throws disturbs neither the store nor the other listeners: its exception
  // surfaces as an unhandled rejection.
  host.stores.set(id, () => {
    for (const listener of [...listeners.values()]) {
      try { listener(); } catch (e) { Promise.reject(e); }
    }
  });
  HANDLES.set(store, handle);
  return store;
}
export function notify(host, id) {
  host.stores.get(id)?.();
}
export function forget_store(host, id) {
  host.stores.delete(id);
}

// ---- URLs (src/wasm/platform.rs): what the browser's URL parser reads of an absolute URL.

export function url_parts(text) {
  try {
    const url = new URL(text);
    return {
      scheme: url.protocol.slice(0, -1), host: url.host, origin: url.origin,
      credentials: !!(url.username || url.password),
    };
  } catch {
    return undefined;
  }
}

// ---- Storage (src/wasm/storage.rs): cookies, localStorage, the page address. A value the browser
// does not keep (storage blocked, throwing or absent: Safari with cookies blocked, private
// windows, Node) is kept in `memory` for as long as the module lives, and read from there first,
// so a client works without storage and a value it adopted is not shadowed by a stale one the
// browser still reads back. Once the browser keeps a value again, its memory copy goes.

const attempt = (run) => { try { return run(); } catch {} };
const memory = new Map();
const recall = (key, read) => memory.has(key) ? memory.get(key) : attempt(read);
const keep = (key, value, write, read) => {
  attempt(write);
  attempt(read) === value ? memory.delete(key) : memory.set(key, value);
};
// The cookie `name` (made of [a-z0-9_], as the client's names are), decoded.
const cookie = (name) => () => decodeURIComponent(document.cookie.match(`(^|;) *${name}=([^;]*)`)[2]);
const item = (key) => () => localStorage.getItem(key);
export const get_cookie = (name) => recall(` ${name}`, cookie(name));
// A session cookie, as the hooks set it; `Secure` on https pages only, since WebKit refuses a
// Secure cookie from an http page (even localhost), which would leave the page only memory.
export const set_cookie = (name, value) => keep(` ${name}`, value, () => {
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; SameSite=Lax${location.protocol == 'https:' ? '; Secure' : ''}`;
}, cookie(name));
export const get_item = (key) => recall(key, item(key));
export const set_item = (key, value) => keep(key, value, () => localStorage.setItem(key, value), item(key));
// The query parameter `name` of the page address, taken out of it (undefined without a page).
export const take_page_param = (name) => attempt(() => {
  const url = new URL(location.href), value = url.searchParams.get(name);
  if (value !== null) {
    url.searchParams.delete(name);
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return value;
  }
});

// ---- Errors (src/wasm/js_error.rs): WachtError, and the parts of a thrown or rejected value.

export function wacht_error(code, message, status, serverCode) {
  const error = new Error(message);
  error.name = 'WachtError';
  error.code = code;
  error.status = status;
  if (serverCode !== undefined) error.serverCode = serverCode;
  return error;
}

// init() (the glue's default export, which scripts/init-glue.mjs wraps in this): when the
// module did not start and the smallest valid module does not either, the page refuses
// WebAssembly (its Content-Security-Policy), whatever the engine's words for it. (WebKit compiles
// under such a policy and refuses to instantiate: the probe does both.)
export function init_failed(e) {
  try {
    new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0)));
  } catch {
    e = wacht_error('csp', "the page's Content-Security-Policy must allow 'wasm-unsafe-eval'");
  }
  throw e;
}

export function thrown_parts(value) {
  const status = value?.status, code = value?.code;
  return {
    message: describe(value),
    status: typeof status === 'number' && status >= 100 && status < 600 ? status : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

// ---- Inputs (src/wasm/inputs.rs): an app object as JSON.stringify would see it.

export function as_json_would(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy = {};
  for (const [key, value] of Object.entries(input)) {
    if (value instanceof Date) copy[key] = isNaN(value.getTime()) ? null : value.toISOString();
    else if (typeof value !== 'number' || Number.isFinite(value)) copy[key] = value;
  }
  return copy;
}

// ---- Charts (src/wasm/exports.rs, zeroFillTimeseries): one point per bucket from the bucket of
// `start` to the bucket of `end`, the server's point where there is one, zeros elsewhere. Buckets
// are UTC, as the server computes them (weeks start on Sunday); the browser's Date does the
// calendar. The points were checked by the module.

const MINUTE = 60000, HOUR = 3600000, DAY = 86400000;
export const MAX_BUCKETS = 10000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?$/;

// Milliseconds of a UTC civil time (years below 100 are not moved to the 1900s).
function utc(year, month, day, hours = 0, minutes = 0, seconds = 0, ms = 0) {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date.getTime();
}

// `YYYY-MM-DD`, or RFC 3339 `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]` (no offset: UTC); else
// undefined.
export function timestamp_ms(text) {
  const m = TIMESTAMP.exec(String(text).trim());
  if (!m) return undefined;
  const [, year, month, day, h = 0, min = 0, s = 0, fraction = '', zone = ''] = m;
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return undefined;
  const offset = zone.length === 6
    ? (zone[0] === '-' ? -1 : 1) * (zone.slice(1, 3) * HOUR + zone.slice(4) * MINUTE) : 0;
  return utc(+year, month - 1, +day, +h, +min, +s, +(fraction + '00').slice(0, 3)) - offset;
}

const floorTo = (ms, unit) => ms - (((ms % unit) + unit) % unit);

function bucketStart(ms, interval) {
  if (interval === 'month') {
    const date = new Date(ms);
    return utc(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const day = floorTo(ms, DAY);
  // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on Sundays.
  return interval === 'week' ? day - ((((day / DAY + 4) % 7) + 7) % 7) * DAY
    : floorTo(ms, interval === 'minute' ? MINUTE : interval === 'day' ? DAY : HOUR);
}

// The next bucket's start: the bucket of a time one step on (a month start plus 31 days is in
// the next month, since no month is longer).
const STEPS = { minute: MINUTE, day: DAY, week: 7 * DAY, month: 31 * DAY };
const nextBucket = (start, interval) => bucketStart(start + (STEPS[interval] ?? HOUR), interval);

const pad = (n, width) => (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(width - (n < 0), '0');

// `YYYY-MM-DDTHH:MM:SSZ`.
export function format_timestamp(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`
    + `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}Z`;
}

export function zero_fill(points, range) {
  const bad = (message) => wacht_error('invalid_argument', message);
  const text = (key, required) => {
    const value = range?.[key];
    if (value === undefined || value === null) {
      if (required) throw bad(`range.${key} is required`);
      return '';
    }
    if (typeof value !== 'string') throw bad(`range.${key} must be a string`);
    return value;
  };
  const interval = text('interval', false);
  const time = (name) => {
    const value = text(name, true);
    const ms = timestamp_ms(value);
    if (ms === undefined) throw bad(`${name} must be a date or RFC 3339 timestamp, got "${value}"`);
    return ms;
  };
  const from = time('start'), to = time('end');
  if (to < from) throw bad('end must not be before start');
  const starts = [];
  for (let bucket = bucketStart(from, interval), last = bucketStart(to, interval); bucket <= last;
    bucket = nextBucket(bucket, interval)) {
    if (starts.length >= MAX_BUCKETS) throw bad(`the range spans more than ${MAX_BUCKETS} buckets`);
    starts.push(bucket);
  }
  // The server's points into their buckets (a later point for the same bucket wins); points
  // outside the range or without a readable timestamp are kept, in the server's order.
  const slots = new Map(), before = [], after = [], unparsed = [];
  for (const point of points) {
    const ms = timestamp_ms(point.timestamp);
    if (ms === undefined) { unparsed.push(point); continue; }
    const bucket = bucketStart(ms, interval);
    if (bucket < starts[0]) before.push(point);
    else if (bucket > starts[starts.length - 1]) after.push(point);
    else slots.set(bucket, point);
  }
  const zero = (start) => ({
    timestamp: format_timestamp(start), total_requests: 0, allowed_requests: 0, blocked_requests: 0, success_rate: 0,
  });
  return [...before, ...starts.map((start) => slots.get(start) ?? zero(start)), ...after, ...unparsed];
}
