// Who is asking, as the app's own sign-in would say: here a `demo-user` cookie the test sets
// (owner: may manage API keys; viewer: may not; broken: the user lookup fails, so the endpoint
// answers 500 and the page's ticket fetch fails; none: signed out). A `demo-lookup-ms` cookie
// makes the lookup take that long, so the ticket arrives well after the client is ready.
export async function currentUser(request: Request): Promise<{ canManageApiKeys: boolean } | undefined> {
  const cookie = request.headers.get("cookie") ?? "";
  const who = /(?:^|;\s*)demo-user=([^;]*)/.exec(cookie)?.[1];
  const lookupMs = Number(/(?:^|;\s*)demo-lookup-ms=(\d+)/.exec(cookie)?.[1] ?? 0);
  await new Promise((resolve) => setTimeout(resolve, Math.min(lookupMs, 5000)));
  if (who === "broken") throw new Error("the user lookup failed (the test's 'broken' user)");
  if (who === "owner") return { canManageApiKeys: true };
  if (who === "viewer") return { canManageApiKeys: false };
  return undefined;
}
