import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce, for the inline scripts the
 * server renders (Remix's <Scripts>, <ScrollRestoration>). Provided by
 * entry.server.tsx from the load context; empty in the browser, which hides a
 * nonce from scripts anyway (Remix's script tags do not warn about it).
 */
export const CspNonceContext = createContext<string | undefined>(undefined);

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
