import { useEffect, useState } from "react";
import { useApiAuthAppSession, useApiAuthKeys } from "wacht-api-auth/react";
export function ApiKeysScreen({ deploymentId }: { deploymentId: string }) {
const [ticket, setTicket] = useState<string | null>(null);
const [secret, setSecret] = useState<string | null>(null);
useEffect(() => {
void fetch("/api/settings/api-keys/embed-ticket", {
method: "POST",
headers: { "Content-Type": "application/json" },
body: JSON.stringify({ deploymentId }),
})
.then((r) => r.json())
.then((payload: { ticket: string }) => setTicket(payload.ticket));
}, [deploymentId]);
const session = useApiAuthAppSession(ticket);
const keys = useApiAuthKeys({ status: "active" });
if (session.sessionLoading) return <div>Loading API key access...</div>;
if (!session.hasSession) return <div>Access required</div>;
if (session.sessionError) return <div>Failed to establish API auth session</div>;
return (
<section>
<h2>{session.apiAuthApp?.name}</h2>
<button
onClick={async () => {
const created = await keys.createKey({ name: "CI key" });
setSecret(created.data.secret); // one-time secret
}}
>
Create key
</button>
{secret ? <pre>{secret}</pre> : null}
{keys.keys.map((key) => (
<div key={key.id}>
<strong>{key.name}</strong> ({key.key_prefix}...{key.key_suffix})
<button
onClick={async () => {
const rotated = await keys.rotateKey({ key_id: key.id });
setSecret(rotated.data.secret); // rotate returns new secret once
}}
>
Rotate
</button>
<button onClick={() => keys.revokeKey({ key_id: key.id, reason: "Compromised" })}>
Revoke
</button>
</div>
))}
</section>
);
}
