// The app's ticket endpoint, called from the browser (the backend key stays on the server).
// A refusal rejects with the endpoint's status, which the client reads as "no access".
export async function fetchTicketFromYourBackend(): Promise<string> {
  const response = await fetch("/api/settings/api-keys/embed-ticket", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deploymentId: "42" }),
  });
  if (!response.ok) {
    throw Object.assign(new Error(`the ticket endpoint answered ${response.status}`), { status: response.status });
  }
  return (await response.json()).ticket;
}
