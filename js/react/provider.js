// <WachtProvider client={client}> or <WachtProvider publishableKey="pk_test_..." ...options>: the
// client the hooks below it use. The second form makes the client itself, in the browser only and
// once, after loading the package (a dynamic import plus init()), so a server component can render
// it (Next.js App Router layouts); until the client is ready the hooks show their loading state.
import { createContext, createElement, useContext, useEffect, useRef, useState } from "react";

const ClientContext = createContext(null);

/** The provider's state: `{ client, ready, error }` (ready: a promise of the client). */
const pending = (ready) => ({ client: null, ready, error: null });

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

function ClientProvider({ client, children }) {
  const value = useRef(null);
  if (value.current?.client !== client) value.current = { client, ready: Promise.resolve(client), error: null };
  return createElement(ClientContext.Provider, { value: value.current }, children);
}

function OwnClientProvider({ options, children }) {
  if (typeof options.publishableKey !== "string" && typeof options.frontendApiUrl !== "string") {
    throw new TypeError("WachtProvider needs a client or a publishableKey: <WachtProvider publishableKey=\"pk_...\">");
  }
  // The latest options, so providers passed inline (a new function on every render) are the ones
  // the client calls; the client itself is made from the first options, once.
  const latest = useRef(options);
  latest.current = options;
  const made = useRef(null);
  if (made.current === null) {
    let settle;
    const ready = new Promise((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined);
    made.current = { settle, started: false };
    made.current.initial = pending(ready);
  }
  const [value, setValue] = useState(made.current.initial);
  useEffect(() => {
    const own = made.current;
    if (own.started) return;
    own.started = true;
    createClient(latest).then(
      (client) => {
        own.settle.resolve(client);
        setValue({ client, ready: own.initial.ready, error: null });
      },
      (error) => {
        own.settle.reject(error);
        setValue({ client: null, ready: own.initial.ready, error });
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
