import { requirePermission } from "~/http/permissions.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "~/components/admin/form";
import { AdminErrorPage } from "~/components/admin/error-page";
import { QuestionForm, type QuestionFormValues } from "~/components/admin/question-form";
import { isQuestionType, optionLinesOf, QUESTION_TYPES, QuestionFormSchema } from "~/domain/questionnaire-draft";
import {
  addQuestion,
  findQuestionnaire,
  findVersionWithQuestions,
  listCriterionGroupChoices,
  moveQuestion,
  publishDraft,
  removeQuestion,
  updateQuestion,
} from "~/modules/questionnaires/questionnaires.service.server";
import type { BuilderActionData, BuilderQuestion } from "~/modules/questionnaires/types";
import { formProblem } from "~/domain/form-errors";
import { actorOf, answerBuilderForm, foundOr404, formObject, intentOf, parseForm, readForm, refusedBuilderForm } from "~/http/forms.server";
import { requestLocale } from "~/i18n/request-locale.server";
import type { RouteHandle } from "~/http/route-handle";
import styles from "~/styles/admin-questionnaires.css?url";

export const handle: RouteHandle = { i18n: ["admin", "admin-questionnaires"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

function formValuesOf(q: BuilderQuestion): QuestionFormValues {
  return {
    key: q.key,
    textVi: q.textVi,
    textEn: q.textEn,
    group: q.groupKey ?? "",
    required: q.required ? "1" : "0",
    ...(q.type === "scale" ? { allowNA: q.allowNA ? "1" : "0", overall: q.overall ? "1" : "0" } : {}),
    ...(q.type === "choice" ? { options: optionLinesOf(q.options) } : {}),
    ...(q.type === "number" ? { min: String(q.min), max: String(q.max) } : {}),
    ...(q.type === "text" ? { maxLength: String(q.maxLength) } : {}),
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:manage");
  const db = context.db;
  const questionnaire = foundOr404(await findQuestionnaire(db, params.code));
  const locale = await requestLocale(request);
  const found = await findVersionWithQuestions(db, questionnaire.id, "draft");
  const draft = found?.version ?? null;
  const url = new URL(request.url);
  const groups = (await listCriterionGroupChoices(db)).map((g) => ({ key: g.key, name: g.name[locale] }));
  const questions = found?.questions ?? [];
  const editKey = url.searchParams.get("edit");
  const editing = editKey ? (questions.find((q) => q.key === editKey) ?? null) : null;
  const add = url.searchParams.get("add");
  return {
    code: questionnaire.code,
    name: questionnaire.name[locale],
    draft: draft ? { version: draft.version } : null,
    groups,
    questions: questions.map((q) => ({
      key: q.key,
      type: q.type,
      text: locale === "en" ? q.textEn : q.textVi,
      required: q.required,
      group: groups.find((g) => g.key === q.groupKey)?.name ?? null,
      overall: q.type === "scale" && q.overall,
      allowNA: q.type === "scale" && q.allowNA,
      options: q.type === "choice" ? q.options.map((o) => `${o.value} · ${o.text[locale]}`) : null,
      range: q.type === "number" ? { min: q.min, max: q.max } : null,
      maxLength: q.type === "text" ? q.maxLength : null,
    })),
    editing: editing ? { key: editing.key, type: editing.type, values: formValuesOf(editing) } : null,
    add: isQuestionType(add) ? add : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "admin:manage");
  const form = await readForm(request);
  const db = context.db;
  const questionnaire = foundOr404(await findQuestionnaire(db, params.code));
  const actor = actorOf(principal);
  const intent = intentOf(form);
  const here = `/admin/questionnaires/${questionnaire.code}/draft`;
  const values = formObject(form);
  delete values.intent;

  switch (intent) {
    case "add":
    case "update": {
      const parsed = parseForm(QuestionFormSchema, values);
      if (!parsed.ok) return refusedBuilderForm(parsed.problem, values, intent);
      const originalKey = typeof values.originalKey === "string" ? values.originalKey : "";
      const outcome =
        intent === "add"
          ? await addQuestion(db, actor, questionnaire, parsed.value)
          : await updateQuestion(db, actor, questionnaire, originalKey, parsed.value);
      return answerBuilderForm(outcome, `${here}?saved=1#q-${parsed.value.key}`, values, intent);
    }
    case "remove": {
      const outcome = await removeQuestion(db, actor, questionnaire, form.get("key") ?? "");
      return answerBuilderForm(outcome, `${here}?saved=1`, {}, intent);
    }
    case "move": {
      const direction = form.get("direction");
      if (direction !== "up" && direction !== "down") return refusedBuilderForm(formProblem("badRequest", "cannotMove"), {}, intent);
      const key = form.get("key") ?? "";
      const outcome = await moveQuestion(db, actor, questionnaire, key, direction);
      return answerBuilderForm(outcome, `${here}?saved=1#q-${encodeURIComponent(key)}`, {}, intent);
    }
    case "publish": {
      const outcome = await publishDraft(db, actor, questionnaire);
      return answerBuilderForm(outcome, `/admin/questionnaires/${questionnaire.code}?saved=published`, {}, intent);
    }
    default:
      return refusedBuilderForm(formProblem("badRequest", "unknownIntent"), {}, intent);
  }
}

export default function DraftBuilderPage() {
  const { code, name, draft, groups, questions, editing, add } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as BuilderActionData | undefined;
  const [search] = useSearchParams();
  const { t } = useTranslation("admin-questionnaires");
  const here = `/admin/questionnaires/${code}/draft`;
  const failedValues = (failed?.values ?? {}) as QuestionFormValues;
  const failedType = isQuestionType(failedValues.type) ? failedValues.type : null;
  // After a refused add or edit, the same form comes back with what was typed.
  const formFor =
    failed && (failed.intent === "add" || failed.intent === "update") && failedType && !failed.notice
      ? { intent: failed.intent as "add" | "update", type: failedType, key: typeof failedValues.originalKey === "string" ? failedValues.originalKey : undefined, values: failedValues, errors: failed.errors }
      : editing
        ? { intent: "update" as const, type: editing.type, key: editing.key, values: editing.values, errors: undefined }
        : add
          ? { intent: "add" as const, type: add, key: undefined, values: {}, errors: undefined }
          : null;

  if (!draft) {
    return (
      <div className="questionnaires">
        <p>
          <Link to={`/admin/questionnaires/${code}`}>{t("builder.toVersions")}</Link>
        </p>
        <h1>{name}</h1>
        <p className="error-summary" role="alert">
          {t("notices.noDraft")}
        </p>
        <ActionButton action={`/admin/questionnaires/${code}`} intent="start_draft" label={t("versions.startDraft")} className="button" />
      </div>
    );
  }

  return (
    <div className="questionnaires builder">
      <p>
        <Link to={`/admin/questionnaires/${code}`}>{t("builder.toVersions")}</Link>
      </p>
      <h1>{t("builder.title", { version: draft.version, name })}</h1>
      <p className="lead">{t("builder.lead")}</p>
      {search.get("saved") && !failed ? (
        <p className="flash" role="status">
          {search.get("saved") === "created" ? t("create.created") : t("builder.saved")}
        </p>
      ) : null}
      {failed?.notice ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {t(`notices.${failed.notice}`)}
        </p>
      ) : null}

      <h2 id="questions-title">{t("builder.questionsTitle")}</h2>
      {questions.length === 0 ? <p className="empty">{t("builder.empty")}</p> : null}
      <ol className="q-list" aria-labelledby="questions-title">
        {questions.map((q, i) => (
          <li key={q.key} id={`q-${q.key}`} className="q-item" data-key={q.key}>
            <p className="q-meta">
              <span className="q-num">{i + 1}.</span> <code>{q.key}</code> · {t(`types.${q.type}`)} · {q.required ? t("builder.required") : t("builder.optional")}
              {q.overall ? <span className="q-badge">{t("question.overallBadge")}</span> : null}
              {q.allowNA ? <span className="q-badge">{t("question.naBadge")}</span> : null}
            </p>
            <p className="q-text">{q.text}</p>
            {q.group ? <p className="q-group">{q.group}</p> : null}
            {q.options ? (
              <ul className="q-options">
                {q.options.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            ) : null}
            {q.range ? <p className="q-group">{t("question.range", q.range)}</p> : null}
            {q.maxLength !== null ? <p className="q-group">{t("question.maxChars", { max: q.maxLength })}</p> : null}
            <div className="q-buttons">
              {i > 0 ? (
                <ActionButton intent="move" fields={{ key: q.key, direction: "up" }} className="button-small" label={<><span aria-hidden="true">↑ {t("builder.moveUp")}</span><span className="visually-hidden">{t("builder.moveUpLabel", { n: i + 1 })}</span></>} />
              ) : null}
              {i < questions.length - 1 ? (
                <ActionButton intent="move" fields={{ key: q.key, direction: "down" }} className="button-small" label={<><span aria-hidden="true">↓ {t("builder.moveDown")}</span><span className="visually-hidden">{t("builder.moveDownLabel", { n: i + 1 })}</span></>} />
              ) : null}
              <Link className="button-small" to={`${here}?edit=${encodeURIComponent(q.key)}#question-form`}>
                <span aria-hidden="true">{t("builder.edit")}</span>
                <span className="visually-hidden">{t("builder.editLabel", { n: i + 1 })}</span>
              </Link>
              <ActionButton intent="remove" fields={{ key: q.key }} className="button-small button-danger" confirm={t("builder.removeConfirm")} label={<><span aria-hidden="true">{t("builder.remove")}</span><span className="visually-hidden">{t("builder.removeLabel", { n: i + 1 })}</span></>} />
            </div>
          </li>
        ))}
      </ol>

      <section className="q-panel" id="question-form" aria-labelledby="question-form-title">
        {formFor ? (
          <>
            <h2 id="question-form-title">
              {formFor.intent === "add" ? t("builder.addFormTitle", { type: t(`types.${formFor.type}`) }) : t("builder.editTitle", { key: formFor.key })}
            </h2>
            <QuestionForm
              key={`${formFor.intent}-${formFor.type}-${formFor.key ?? ""}`}
              type={formFor.type}
              intent={formFor.intent}
              action={formFor.intent === "add" ? `${here}?add=${formFor.type}` : `${here}?edit=${encodeURIComponent(formFor.key ?? "")}`}
              originalKey={formFor.key}
              values={formFor.values}
              errors={formFor.errors}
              groups={groups}
              cancelHref={here}
            />
          </>
        ) : (
          <>
            <h2 id="question-form-title">{t("builder.addTitle")}</h2>
            <p>{t("builder.addIntro")}</p>
            <ul className="q-add-types">
              {QUESTION_TYPES.map((type) => (
                <li key={type}>
                  <Link className="button-secondary" to={`${here}?add=${type}#question-form`}>
                    {t("builder.addType", { type: t(`types.${type}`) })}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="q-panel" aria-labelledby="publish-title">
        <h2 id="publish-title">{t("builder.publishTitle")}</h2>
        <p>
          <Link to={`${here}/preview`}>{t("builder.preview")}</Link>
        </p>
        {failed?.publishProblems ? (
          <div className="error-summary" role="alert" tabIndex={-1}>
            <h3>{t("publishErrors.title")}</h3>
            <ul>
              {failed.publishProblems.map((p) => (
                <li key={`${p.code}-${"key" in p ? p.key : ""}`}>{t(`publishErrors.${p.code}`, "key" in p ? { key: p.key } : {})}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="muted">{t("builder.publishHint")}</p>
        <ActionButton intent="publish" label={t("builder.publish", { version: draft.version })} className="button" confirm={t("builder.publishConfirm")} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
