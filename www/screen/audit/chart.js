// A stacked bar chart (allowed below, blocked on top), one bar per bucket, as inline SVG with
// both axes (time and request count). Hovering a bucket, or focusing it (Tab to the chart, then
// the arrow keys, Home and End), shows its values.
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 48; // room for the count labels and the axis title
const BOTTOM = 40; // room for the time labels and the axis title
const X_LABELS = 5;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The label of a bucket's start: a day for daily buckets, a day and time otherwise. */
function bucketTime(timestamp, interval) {
  const options = interval === "day" || interval === "week" || interval === "month"
    ? { month: "short", day: "numeric" }
    : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return new Date(timestamp).toLocaleString(undefined, options);
}

/** "Dec 2, 11:00 AM: 15 requests (10 allowed, 5 blocked)" */
export function describeBucket(point, interval) {
  const total = point.allowed_requests + point.blocked_requests;
  return `${bucketTime(point.timestamp, interval)}: ${total} ${total === 1 ? "request" : "requests"} `
    + `(${point.allowed_requests} allowed, ${point.blocked_requests} blocked)`;
}

/** Count ticks from 0 in a round step (1, 2, 5, 10, 20, …), at most 5 of them, the last at or over `max`. */
export function countTicks(max) {
  const step = [1, 2, 5].flatMap((m) => [1, 10, 100, 1000, 10_000, 100_000].map((p) => m * p))
    .sort((a, b) => a - b).find((candidate) => candidate * 4 >= max) ?? Math.ceil(max / 4);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

/** The axes: counts (0 to `ticks.at(-1)`) on the left with grid lines, times along the bottom, and titles. */
function axes(points, ticks, interval) {
  const parts = [];
  const top = ticks.at(-1);
  for (const tick of ticks) {
    const y = HEIGHT - (tick / top) * HEIGHT;
    parts.push(svg("line", { x1: LEFT, x2: LEFT + WIDTH, y1: y, y2: y, class: tick === 0 ? "axis" : "gridline" }),
      svg("text", { x: LEFT - 6, y: y + 4, class: "axis-label count", "text-anchor": "end" }, String(tick)));
  }
  parts.push(svg("line", { x1: LEFT, x2: LEFT, y1: 0, y2: HEIGHT, class: "axis" }),
    svg("text", { class: "axis-title", transform: `translate(12 ${HEIGHT / 2}) rotate(-90)`, "text-anchor": "middle" },
      "Requests"));
  const slot = WIDTH / points.length;
  // X_LABELS evenly spread bucket indexes, the first and the last included.
  const count = Math.min(X_LABELS, points.length);
  const spread = (k) => Math.round((k * (points.length - 1)) / Math.max(1, count - 1));
  const labelled = new Set(Array.from({ length: count }, (_, k) => spread(k)));
  for (const index of labelled) {
    const x = LEFT + index * slot + slot / 2;
    const anchor = index === 0 ? "start" : index === points.length - 1 ? "end" : "middle";
    parts.push(svg("line", { x1: x, x2: x, y1: HEIGHT, y2: HEIGHT + 4, class: "axis" }),
      svg("text", { x, y: HEIGHT + 16, class: "axis-label time", "text-anchor": anchor },
        bucketTime(points[index].timestamp, interval)));
  }
  parts.push(svg("text", { x: LEFT + WIDTH / 2, y: HEIGHT + 34, class: "axis-title", "text-anchor": "middle" },
    `Time (local, one bar per ${interval})`));
  return parts;
}

/**
 * Draws `points` (zero-filled TimeseriesPoint[]) into a new <figure>: the chart and a tip that
 * shows the values of the bucket under the pointer or with the focus.
 */
export function stackedBars(points, { interval, label }) {
  const chart = svg("svg", {
    viewBox: `0 0 ${LEFT + WIDTH + 8} ${HEIGHT + BOTTOM}`, class: "chart", role: "group",
    "aria-labelledby": "chart-title",
  });
  chart.append(svg("title", { id: "chart-title" }, label));
  const tip = document.createElement("p");
  tip.className = "chart-tip";
  tip.id = "chart-tip";
  tip.hidden = true;
  tip.setAttribute("aria-hidden", "true"); // the focused bucket's own label is what is announced
  const ticks = countTicks(Math.max(1, ...points.map((p) => p.allowed_requests + p.blocked_requests)));
  const max = ticks.at(-1); // the top of the count axis
  const slot = WIDTH / Math.max(1, points.length);
  const barWidth = Math.max(1, slot * 0.7);
  const buckets = points.map((point, index) => {
    const x = LEFT + index * slot;
    const allowedHeight = (point.allowed_requests / max) * HEIGHT;
    const blockedHeight = (point.blocked_requests / max) * HEIGHT;
    const text = describeBucket(point, interval);
    const bucket = svg("g", { class: "bucket", role: "img", "aria-label": text, tabindex: -1 });
    const barX = x + (slot - barWidth) / 2;
    const bar = (y, height, kind) => svg("rect", { x: barX, y, width: barWidth, height, class: kind });
    bucket.append(
      svg("rect", { x, y: 0, width: slot, height: HEIGHT, class: "bucket-hit" }),
      bar(HEIGHT - allowedHeight, allowedHeight, "bar-allowed"),
      bar(HEIGHT - allowedHeight - blockedHeight, blockedHeight, "bar-blocked"));
    const show = () => {
      tip.textContent = text;
      tip.hidden = false;
      tip.style.left = `${((x + slot / 2) / (LEFT + WIDTH + 8)) * 100}%`;
    };
    bucket.addEventListener("mouseenter", show);
    bucket.addEventListener("focus", show);
    return bucket;
  });
  chart.append(...axes(points, ticks, interval), ...buckets);
  // One tab stop for the whole chart (the latest bucket); the arrow keys move between buckets.
  const current = buckets.at(-1);
  current?.setAttribute("tabindex", "0");
  const figure = document.createElement("figure");
  figure.className = "chart-figure";
  figure.append(chart, tip);
  // Listeners on the figure: Chromium makes an <svg> with focus listeners a tab stop of its own.
  figure.addEventListener("keydown", (event) => {
    const from = buckets.indexOf(document.activeElement);
    if (from < 0) return;
    const to = { ArrowLeft: from - 1, ArrowRight: from + 1, Home: 0, End: buckets.length - 1 }[event.key];
    if (to === undefined || to < 0 || to >= buckets.length) return;
    event.preventDefault();
    buckets[from].setAttribute("tabindex", "-1");
    buckets[to].setAttribute("tabindex", "0");
    buckets[to].focus();
  });
  const hide = () => {
    if (!buckets.includes(document.activeElement)) tip.hidden = true;
  };
  figure.addEventListener("mouseleave", hide);
  figure.addEventListener("focusout", () => setTimeout(hide));
  return figure;
}
