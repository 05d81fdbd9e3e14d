// A stacked bar chart (allowed below, blocked on top) as inline SVG, one bar per bucket.
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Draws `points` (zero-filled TimeseriesPoint[]) into a new <svg>. */
export function stackedBars(points, { width = 720, height = 180, label = "Requests over time" } = {}) {
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height + 20}`, role: "img", class: "chart" });
  const title = svg("title", {});
  title.textContent = label;
  chart.append(title);
  const max = Math.max(1, ...points.map((p) => p.total_requests));
  const slot = width / Math.max(1, points.length);
  const barWidth = Math.max(1, slot * 0.7);
  points.forEach((point, index) => {
    const x = index * slot + (slot - barWidth) / 2;
    const allowedHeight = (point.allowed_requests / max) * height;
    const blockedHeight = (point.blocked_requests / max) * height;
    const allowed = svg("rect", { x, y: height - allowedHeight, width: barWidth, height: allowedHeight, class: "bar-allowed" });
    const blocked = svg("rect", { x, y: height - allowedHeight - blockedHeight, width: barWidth, height: blockedHeight, class: "bar-blocked" });
    const tip = svg("title", {});
    tip.textContent = `${point.timestamp}: ${point.allowed_requests} allowed, ${point.blocked_requests} blocked`;
    blocked.append(tip.cloneNode(true));
    allowed.append(tip);
    chart.append(allowed, blocked);
  });
  chart.append(svg("line", { x1: 0, y1: height, x2: width, y2: height, class: "axis" }));
  const first = svg("text", { x: 0, y: height + 16, class: "axis-label" });
  first.textContent = points[0]?.timestamp.slice(0, 16).replace("T", " ") ?? "";
  const last = svg("text", { x: width, y: height + 16, class: "axis-label", "text-anchor": "end" });
  last.textContent = points.at(-1)?.timestamp.slice(0, 16).replace("T", " ") ?? "";
  chart.append(first, last);
  return chart;
}
