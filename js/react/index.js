// wacht-api-auth/react: drop-in replacements for the API-auth hooks of @wacht/jsx, over the
// stores of a WachtClient (plain JS; `react` is a peer dependency).
export { WachtProvider, useWachtClient } from "./provider.js";
export { useApiAuthAppSession } from "./use-api-auth-app-session.js";
export { useApiAuthKeys } from "./use-api-auth-keys.js";
export { useApiAuthAuditAnalytics, useApiAuthAuditLogs, useApiAuthAuditTimeseries } from "./use-api-auth-audit.js";
