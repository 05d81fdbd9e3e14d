"use client";
// wacht-api-auth/react: drop-in replacements for the API-auth hooks of @wacht/jsx, over the
// stores of a WachtClient (plain JS; `react` is a peer dependency). The directive above marks the
// entry as client code for React Server Components (Next.js App Router): a server component can
// render <WachtProvider publishableKey=...>, and the hooks run in client components.
export { WachtProvider, useWachtClient } from "./provider.js";
export { useApiAuthAppSession } from "./use-api-auth-app-session.js";
export { useApiAuthKeys } from "./use-api-auth-keys.js";
export { useApiAuthAuditAnalytics, useApiAuthAuditLogs, useApiAuthAuditTimeseries } from "./use-api-auth-audit.js";
