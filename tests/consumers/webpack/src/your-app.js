// What the README's stores snippet takes from "your app": the publishable key of the dev server
// named by ?api=, a ticket from "your backend" (the test runs it outside the page and exposes it
// as window.fetchTicketFromYourBackend), render and showOnce (both leave what they got where the
// test reads it).
const api = new URLSearchParams(location.search).get("api");

/** `pk_test_` + base64 of the frontend API origin. */
export const publishableKey = `pk_test_${btoa(api)}`;

/** A fresh ticket from the app's backend. */
export const fetchTicketFromYourBackend = () => window.fetchTicketFromYourBackend();

/** Draws the session and key list (as text; the test reads `window.lastRender` and `window.renders`). */
export function render(session, keys) {
  window.lastRender = { status: session.status, app: session.apiAuthApp?.name ?? null, loading: keys.loading, keys: keys.keys.map((key) => key.name), error: keys.error?.code ?? null };
  (window.renders ??= []).push(window.lastRender);
  document.body.dataset.status = session.status;
  document.body.textContent = `${window.lastRender.app ?? ""}: ${window.lastRender.keys.join(", ")}`;
}

/** Shows a new key's secret once. */
export function showOnce(secret) {
  window.shownOnce = secret;
}
