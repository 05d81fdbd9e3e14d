// The pages under /with-provider get the README's client-side provider (with ticketProvider and
// timeoutMs), nested in the root layout's.
import type { ReactNode } from "react";
import { Providers } from "./providers";

export default function WithProviderLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
