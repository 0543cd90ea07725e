import { viewSearch, type DashboardView } from "~/domain/dashboard-view";

/** The view's parameters as hidden fields of a GET form, except those the form itself sets. */
export function HiddenViewFields({ view, except }: { view: DashboardView; except: readonly string[] }) {
  const params = [...new URLSearchParams(viewSearch(view))].filter(([name]) => !except.includes(name));
  return (
    <>
      {params.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
