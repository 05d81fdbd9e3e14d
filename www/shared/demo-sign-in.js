// The demo app's sign-in (a cookie the dev server's demo backend reads): pick who you are, so
// every branch of the app's policy can be seen.

/** Signs in as the demo identity `identity` ("owner", "viewer", …), or out for "signed-out". */
export async function signInAs(identity) {
  if (identity === "signed-out") {
    await fetch("/api/demo/sign-out", { method: "POST" });
    return;
  }
  await fetch("/api/demo/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity }),
  });
}
