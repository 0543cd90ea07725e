import type { LoaderFunctionArgs } from "@remix-run/node";
import { problem, problemJson } from "~/http/problem.server";
import { loadPointSurvey } from "~/modules/survey/submission.service.server";

/** What a kiosk or an integration needs to render the survey a point serves now. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const survey = await loadPointSurvey(context.db, params.code ?? "");
  if (!survey) return problemJson(problem("notFound", "unknown or inactive service point", { field: "code" }));
  const { point, version } = survey;
  return Response.json({
    servicePoint: { code: point.code, name: point.name, agency: { code: point.agency.code, name: point.agency.name } },
    sectors: point.sectors.map((s) => ({ code: s.code, name: s.name })),
    version: version.version,
    questions: version.questions.map((q) => ({
      key: q.key,
      type: q.type,
      group: q.group,
      overall: q.type === "scale" && q.overall,
      required: q.required,
      allowNA: q.type === "scale" && q.allowNA,
      text: q.text,
      ...(q.type === "choice" ? { options: q.options } : {}),
      ...(q.type === "number" ? { min: q.min, max: q.max } : {}),
      ...(q.type === "text" ? { maxLength: q.maxLength } : {}),
    })),
  });
}

/** Without an action Remix answers other methods with "Unexpected Server Error". */
export function action() {
  return problemJson(problem("methodNotAllowed", "use GET", { headers: { Allow: "GET" } }));
}
