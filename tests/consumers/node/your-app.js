// What the README's Node snippet takes from "your app": in Node the script is the app's backend,
// so it mints the ticket itself (the dev server named by WACHT_SERVER_URL, its backend key).
import { mintTicket } from "../support/dev-server.mjs";

/** A fresh `api_auth_access` ticket. */
export const fetchTicketFromYourBackend = () => mintTicket(process.env.WACHT_SERVER_URL);
