import { Component, Suspense, type ReactNode } from "react";
import { ClientOnly } from "./client-only";

/**
 * A chart that cannot load (its script chunk failed, the canvas threw) leaves
 * the page as it was: the table beside it still has every number.
 */
class ChartErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.warn("a chart could not be drawn; its table has the numbers", error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/**
 * A chart and the accessible table of the same numbers. The canvas is drawn
 * only in the browser; the table is always there (server-rendered, readable
 * by screen readers, and the whole story without JavaScript).
 */
export function ChartFigure({
  id,
  title,
  note,
  chart,
  children,
  headingLevel = 3,
}: {
  id: string;
  title: string;
  note?: ReactNode;
  /** The lazily loaded canvas, called only in the browser. */
  chart: (() => ReactNode) | null;
  /** The table of the same numbers. */
  children: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="chart-figure" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{title}</Heading>
      {note ? <p className="chart-note muted">{note}</p> : null}
      {chart ? (
        <div className="chart-canvas">
          <ClientOnly>
            {() => (
              <ChartErrorBoundary>
                <Suspense fallback={null}>{chart()}</Suspense>
              </ChartErrorBoundary>
            )}
          </ClientOnly>
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A table that scrolls sideways inside its own box on a narrow screen, reachable by keyboard. */
export function ScrollTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
