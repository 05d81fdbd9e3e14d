// The chart helper's zero fill (zeroFillTimeseries' JavaScript half in src/wasm/browser.js):
// timestamps, UTC buckets with weeks from Sunday, filling, and random ranges and points.
// Run by `make test` with `node --test tests/js/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format_timestamp, MAX_BUCKETS, timestamp_ms, zero_fill } from '../../src/wasm/browser.js';

const point = (timestamp, total) => ({
  timestamp, total_requests: total, allowed_requests: total, blocked_requests: 0, success_rate: 100,
});
const total = (p) => p.total_requests;

test('parses the formats servers use', () => {
  assert.equal(timestamp_ms('1970-01-01T00:00:00Z'), 0);
  assert.equal(timestamp_ms('2026-11-22T06:17:32.123Z'), 1795328252123);
  assert.equal(timestamp_ms('2026-11-22T06:17:32.123456789Z'), 1795328252123);
  assert.equal(timestamp_ms('2026-11-22T08:17:32.1+02:00'), 1795328252100);
  assert.equal(timestamp_ms('2026-11-22 06:17:32'), 1795328252000);
  assert.equal(timestamp_ms(' 2026-11-22 '), 1795305600000);
  assert.equal(timestamp_ms('2000-02-29T00:00:00Z'), 951782400000);
  assert.equal(format_timestamp(timestamp_ms('0099-03-04T05:06:07Z')), '0099-03-04T05:06:07Z', 'years below 100 stay');
  for (const bad of ['', '2026-13-01', '2026-1-01', '2026-11-22T25:00:00Z', '2026-11-22T06:17:32+0200',
    'yesterday', '2026-11-22T06:17:32.Z', '2026-11-22T06:17', '2026-11-00']) {
    assert.equal(timestamp_ms(bad), undefined, bad);
  }
});

test('formats UTC to the second', () => {
  assert.equal(format_timestamp(1795328252123), '2026-11-22T06:17:32Z');
  assert.equal(format_timestamp(0), '1970-01-01T00:00:00Z');
});

test('buckets are UTC and weeks start on Sunday', () => {
  const at = (interval) => zero_fill([], { interval, start: '2026-11-25T13:45:10Z', end: '2026-11-25T13:45:10Z' })[0].timestamp;
  assert.equal(at('minute'), '2026-11-25T13:45:00Z');
  assert.equal(at('hour'), '2026-11-25T13:00:00Z');
  assert.equal(at('fortnight'), '2026-11-25T13:00:00Z', 'unknown intervals mean hour');
  assert.equal(at('day'), '2026-11-25T00:00:00Z');
  assert.equal(at('week'), '2026-11-22T00:00:00Z');
  assert.equal(at('month'), '2026-11-01T00:00:00Z');
  const sunday = zero_fill([], { interval: 'week', start: '2026-11-22', end: '2026-11-22' });
  assert.deepEqual(sunday.map((p) => p.timestamp), ['2026-11-22T00:00:00Z']);
  const months = zero_fill([], { interval: 'month', start: '2026-12-01', end: '2027-01-15' });
  assert.deepEqual(months.map((p) => p.timestamp), ['2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z']);
});

test('fills missing buckets with zeros and keeps the server points', () => {
  const filled = zero_fill([point('2026-11-20T00:00:00Z', 4), point('2026-11-22T00:00:00.000Z', 2)],
    { interval: 'day', start: '2026-11-19', end: '2026-11-22T23:59:59.999Z' });
  assert.deepEqual(filled.map((p) => [p.timestamp, total(p)]), [
    ['2026-11-19T00:00:00Z', 0], ['2026-11-20T00:00:00Z', 4],
    ['2026-11-21T00:00:00Z', 0], ['2026-11-22T00:00:00.000Z', 2],
  ]);
  assert.deepEqual(filled[0], {
    timestamp: '2026-11-19T00:00:00Z', total_requests: 0, allowed_requests: 0, blocked_requests: 0, success_rate: 0,
  });
  const outside = zero_fill([point('2026-10-01T00:00:00Z', 1)], { interval: 'day', start: '2026-11-01', end: '2026-11-01' });
  assert.deepEqual(outside.map(total), [1, 0]);
});

test('unordered and repeated points land in their buckets, the later one winning', () => {
  const filled = zero_fill([
    point('2026-11-22T00:00:00Z', 2), point('2026-11-21T00:00:00Z', 1), point('2026-11-22T05:00:00Z', 7),
    point('2026-12-01T00:00:00Z', 9), point('2026-11-01T00:00:00Z', 8), point('soon', 5),
  ], { interval: 'day', start: '2026-11-20', end: '2026-11-22' });
  assert.deepEqual(filled.map(total), [8, 0, 1, 7, 9, 5], 'before, the range, after, unreadable');
});

test('refuses bad ranges with a WachtError', () => {
  const refused = (range, message) => assert.throws(() => zero_fill([], range),
    (e) => e instanceof Error && e.name === 'WachtError' && e.code === 'invalid_argument' && e.message === message);
  refused({ interval: 'day', start: '2026-11-02', end: '2026-11-01' }, 'end must not be before start');
  refused({ interval: 'minute', start: '2020-01-01', end: '2026-01-01' }, `the range spans more than ${MAX_BUCKETS} buckets`);
  refused({ interval: 'day', start: 'soon', end: '2026-01-01' }, 'start must be a date or RFC 3339 timestamp, got "soon"');
  refused({ start: '2026-01-01' }, 'range.end is required');
  refused(undefined, 'range.start is required');
  refused({ start: 5, end: '2026-01-01' }, 'range.start must be a string');
});

// A small seeded generator, so a failure names the seed that replays it.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random points and ranges: each point kept unless a later one took its bucket, one zero per empty bucket', () => {
  const intervals = ['minute', 'hour', 'day', 'week', 'month', 'other'];
  const cases = Number(process.env.WACHT_JS_CASES ?? 2000);
  for (let seed = 1; seed <= cases; seed++) {
    const next = random(seed);
    const interval = intervals[Math.floor(next() * intervals.length)];
    const span = [3600e3, 86400e3, 30 * 86400e3, 400 * 86400e3][Math.floor(next() * 4)];
    const from = Date.UTC(2026, 0, 1) + Math.floor(next() * 365 * 86400e3);
    const to = from + Math.floor(next() * span);
    const iso = (ms) => new Date(ms).toISOString();
    const points = Array.from({ length: Math.floor(next() * 20) }, (_, i) => {
      const ms = from + Math.floor((next() * 1.4 - 0.2) * (to - from + 1));
      return point(next() < 0.05 ? 'not a time' : iso(ms), i + 1);
    });
    let filled;
    try {
      filled = zero_fill(points, { interval, start: iso(from), end: iso(to) });
    } catch (e) {
      assert.equal(e.code, 'invalid_argument', `seed ${seed}`);
      assert.match(e.message, /more than 10000 buckets/, `seed ${seed}`);
      continue;
    }
    // The bucket a timestamp falls in, as the fill names it.
    const bucket = (timestamp) => timestamp_ms(timestamp) === undefined ? undefined
      : zero_fill([], { interval, start: timestamp, end: timestamp })[0].timestamp;
    const inRange = (b) => b !== undefined && b >= bucket(iso(from)) && b <= bucket(iso(to));
    assert.equal(new Set(filled).size, filled.length, `seed ${seed}: a point twice`);
    for (const [i, p] of points.entries()) {
      const own = bucket(p.timestamp);
      const taken = inRange(own) && points.slice(i + 1).some((q) => bucket(q.timestamp) === own);
      assert.equal(filled.includes(p), !taken, `seed ${seed}: point ${i}`);
    }
    const range = filled.filter((p) => !points.includes(p) || inRange(bucket(p.timestamp)));
    const buckets = range.map((p) => bucket(p.timestamp));
    assert.equal(new Set(buckets).size, buckets.length, `seed ${seed}: a bucket twice`);
    assert.deepEqual([...buckets].sort(), buckets, `seed ${seed}: buckets out of order`);
    assert.equal(buckets[0], bucket(iso(from)), `seed ${seed}: first bucket`);
    assert.equal(buckets[buckets.length - 1], bucket(iso(to)), `seed ${seed}: last bucket`);
  }
});
