// <WachtProvider client={client}>: the client the hooks below it use.
import { createContext, createElement, useContext } from "react";

const ClientContext = createContext(null);

/** Makes `client` (a `WachtClient`) the client of every hook rendered below it. */
export function WachtProvider({ client, children }) {
  if (client === null || typeof client !== "object" || typeof client.apiAuthKeys !== "function") {
    throw new TypeError("WachtProvider needs a client: <WachtProvider client={new WachtClient(...)}>");
  }
  return createElement(ClientContext.Provider, { value: client }, children);
}

/** The `WachtClient` of the nearest `WachtProvider`; throws when there is none. */
export function useWachtClient() {
  const client = useContext(ClientContext);
  if (client === null) {
    throw new Error("wacht-api-auth/react: the hooks need a <WachtProvider client={...}> above them");
  }
  return client;
}
