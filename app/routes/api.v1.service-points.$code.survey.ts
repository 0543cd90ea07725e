import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadPointSurvey } from "~/modules/survey/submission.service.server";

/** What a kiosk or an integration needs to render the survey a point serves now. */
export async function loader({ params }: LoaderFunctionArgs) {
  const survey = await loadPointSurvey(params.code ?? "");
  if (!survey) {
    return Response.json({ error: "unknown or inactive service point", field: "code" }, { status: 404 });
  }
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
  return Response.json({ error: "use GET" }, { status: 405, headers: { Allow: "GET" } });
}
