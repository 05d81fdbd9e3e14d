// The guide's flow: the screen mounts with no ticket and the app's backend answers after the first
// render (useState(null), then setTicket in an effect). Wacht's own hooks show "Access required"
// until the ticket is exchanged; here `null` holds the reads until the ticket arrives, then one
// exchange, one session read and one key read end in a live session and a loaded key list.
import init, { WachtClient } from "wacht-api-auth";
import { WachtProvider, useApiAuthAppSession, useApiAuthKeys } from "wacht-api-auth/react";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { fetchTicketFromYourBackend, publishableKey } from "./your-app.js";

await init();
const client = new WachtClient({ publishableKey });

// StrictMode runs the effect twice; the backend is asked once.
let pendingTicket = null;
const ticketOnce = () => (pendingTicket ??= fetchTicketFromYourBackend());

function Screen() {
  const [ticket, setTicket] = useState(null);
  useEffect(() => {
    let mounted = true;
    ticketOnce().then((value) => mounted && setTicket(value));
    return () => {
      mounted = false;
    };
  }, []);
  const session = useApiAuthAppSession(ticket);
  const keys = useApiAuthKeys({ status: "active" });
  return (
    <main data-status={session.status} data-has-ticket={String(ticket !== null)}>
      <h1>{session.apiAuthApp?.name ?? (session.hasSession ? "…" : "Access required")}</h1>
      <ul id="keys" data-loading={String(keys.loading)} data-error={keys.error?.code ?? ""}>
        {keys.keys.map((key) => <li key={key.id}>{key.name}</li>)}
      </ul>
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <WachtProvider client={client}>
      <Screen />
    </WachtProvider>
  </StrictMode>,
);
