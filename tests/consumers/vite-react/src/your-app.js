// What the README's snippets take from "your app": the publishable key of the dev server named by
// ?api=, a ticket from "your backend" (the test runs it outside the page and exposes it as
// window.fetchTicketFromYourBackend, so the backend key never reaches the page), and showOnce.
const api = new URLSearchParams(location.search).get("api");

/** `pk_test_` + base64 of the frontend API origin. */
export const publishableKey = `pk_test_${btoa(api)}`;

/** A fresh ticket from the app's backend. */
export const fetchTicketFromYourBackend = () => window.fetchTicketFromYourBackend();

/** Shows a new key's secret once (the test reads it from the page). */
export function showOnce(secret) {
  const shown = document.createElement("output");
  shown.id = "shown-once";
  shown.textContent = secret;
  document.body.append(shown);
}
