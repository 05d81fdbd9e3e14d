"use client";
// The provider's other form in Next.js: a client the page makes itself. The package is imported
// statically, so prerendering this page on the server (at build time and on every request)
// loads its Node entry inside Next's server bundle; in the browser it is init()ed first.
import init, { WachtClient } from "wacht-api-auth";
import { WachtProvider } from "wacht-api-auth/react";
import { useEffect, useState } from "react";
import { ApiKeysScreen } from "../api-keys-screen";

export default function Page() {
  const [client, setClient] = useState<WachtClient | null>(null);
  useEffect(() => {
    void init().then(() => setClient(new WachtClient({ publishableKey: process.env.NEXT_PUBLIC_WACHT_PUBLISHABLE_KEY! })));
  }, []);
  if (client === null) return <div>Loading API key access...</div>;
  return (
    <WachtProvider client={client}>
      <ApiKeysScreen deploymentId="42" />
    </WachtProvider>
  );
}
