// <WachtProvider client={client}> or <WachtProvider publishableKey="pk_test_..." ...options>: the
// client the hooks below it use. The second form makes the client itself, in the browser only and
// once, after loading the package (a dynamic import plus init()), so a server component can render
// it (Next.js App Router layouts); until the client is ready the hooks show their loading state.
import { createContext, createElement, useContext, useEffect, useMemo, useRef, useState } from "react";

const ClientContext = createContext(null);

/**
 * Makes `client` (a `WachtClient`) the client of every hook rendered below it; or, given
 * `publishableKey` (or `frontendApiUrl`) and the other client options instead, makes that client
 * in the browser once and then provides it.
 */
export function WachtProvider({ client, children, ...options }) {
  if (client === undefined) return createElement(OwnClientProvider, { options }, children);
  if (client === null || typeof client !== "object" || typeof client.apiAuthKeys !== "function") {
    throw new TypeError("WachtProvider needs a client or a publishableKey: <WachtProvider publishableKey=\"pk_...\">");
  }
  return createElement(ClientProvider, { client }, children);
}

/** The provider's state for the hooks: `{ client, ready, error }` (ready: a promise of the client). */
function ClientProvider({ client, children }) {
  const value = useMemo(() => ({ client, ready: Promise.resolve(client), error: null }), [client]);
  return createElement(ClientContext.Provider, { value }, children);
}

function OwnClientProvider({ options, children }) {
  if (typeof options.publishableKey !== "string" && typeof options.frontendApiUrl !== "string") {
    throw new TypeError("WachtProvider needs a client or a publishableKey: <WachtProvider publishableKey=\"pk_...\">");
  }
  // The latest options, so providers passed inline (a new function on every render) are the ones
  // the client calls; the client itself is made from the first options, once.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  // The client, once made, and until then a promise of it (which the key mutations wait for).
  const [value, setValue] = useState(() => {
    let settle;
    const ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined);
    return { client: null, ready, error: null, settle };
  });
  const started = useRef(false);
  useEffect(() => {
    // Once per provider, also when StrictMode runs the effect twice.
    if (started.current) return;
    started.current = true;
    const { ready, settle } = value;
    createClient(latest).then(
      (client) => {
        settle.resolve(client);
        setValue({ client, ready, error: null });
      },
      (error) => {
        settle.reject(error);
        setValue({ client: null, ready, error });
      },
    );
  }, []);
  return createElement(ClientContext.Provider, { value }, children);
}

/** Loads the package, initialises its module and makes the client of `latest.current`. */
async function createClient(latest) {
  const { default: init, WachtClient } = await import("wacht-api-auth");
  await init();
  const options = { ...latest.current };
  for (const name of ["ticketProvider", "getToken"]) {
    const first = options[name];
    if (typeof first !== "function") continue;
    options[name] = (...args) => (typeof latest.current[name] === "function" ? latest.current[name] : first)(...args);
  }
  return new WachtClient(options);
}

/**
 * The provider's state for the hooks: `{ client, ready, error }`, where `client` is null while the
 * provider makes it and `error` says why that failed. Throws when there is no provider.
 */
export function useWachtState() {
  const state = useContext(ClientContext);
  if (state === null) {
    throw new Error("wacht-api-auth/react: the hooks need a <WachtProvider> above them");
  }
  return state;
}

/**
 * The `WachtClient` of the nearest `WachtProvider`, or null while a provider given a
 * `publishableKey` is still making it; throws when there is no provider.
 */
export function useWachtClient() {
  return useWachtState().client;
}
