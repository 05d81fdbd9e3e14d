// The one place the demo asks its app's backend for an API-auth ticket. Tickets are minted by
// the backend (behind the app's policy), never in the browser, and never stored.

const REFUSALS = {
  401: "Sign in to manage API keys.",
  403: "Your role or organization cannot manage API keys for this deployment.",
};

/**
 * POST /api/settings/api-keys/embed-ticket for `deploymentId`; resolves to the ticket. A refusal
 * rejects with an Error whose `status` is the HTTP status: the client reads 401/403 as "no
 * access" rather than a crash, and pages can show it as such.
 */
export async function fetchEmbedTicket(deploymentId) {
  const response = await fetch("/api/settings/api-keys/embed-ticket", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deploymentId }),
  });
  if (!response.ok) {
    const reason = REFUSALS[response.status] ?? `The ticket endpoint answered ${response.status}.`;
    throw Object.assign(new Error(reason), { status: response.status });
  }
  return (await response.json()).ticket;
}
