import { useEffect, useState, type ReactNode } from "react";

/**
 * Renders `children` only in the browser, after hydration: chart.js draws on a
 * canvas, which the server cannot. The server (and a browser without
 * JavaScript) gets `fallback`; the table beside every chart has the numbers.
 */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : fallback}</>;
}
