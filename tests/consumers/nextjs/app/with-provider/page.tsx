"use client";
// The guide's screen again, under the provider with a ticketProvider.
import { ApiKeysScreen } from "../api-keys-screen";

export default function Page() {
  return <ApiKeysScreen deploymentId="42" />;
}
