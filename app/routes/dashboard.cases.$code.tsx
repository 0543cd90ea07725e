import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DashboardErrorPage } from "~/components/dashboard/error-page";
import { useFormatters } from "~/components/dashboard/format";
import { CaseAnswerForm, CaseDueForm, CaseNoteForm, formatTrackingCode, MAX_CASE_FORM_BYTES, MAX_CASE_TEXT, nextStatus } from "~/domain/cases";
import type { FieldError, FieldErrors } from "~/domain/form-errors";
import type { Outcome } from "~/domain/problem";
import { vietnamDate } from "~/domain/vietnam-time";
import { i18nServer } from "~/i18n/i18n.server";
import { requestLocale } from "~/i18n/request-locale.server";
import { actorOf, answerForm, formObject, intentOf, invalidForm, parseForm, readForm, refusedForm } from "~/http/forms.server";
import { can, requirePermission } from "~/http/permissions.server";
import { problemPage } from "~/http/problem.server";
import type { RouteHandle } from "~/http/route-handle";
import { csrfTokenFor } from "~/modules/accounts/sessions.service.server";
import type { Principal } from "~/modules/accounts/types";
import { addCaseNote, answerCase, changeCaseDue, closeCase, getStaffCase, reopenCase, type CaseScope } from "~/modules/cases/cases.service.server";
import type { StaffCaseView } from "~/modules/cases/types";

export const handle: RouteHandle = { i18n: ["cases", "survey"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Hài Lòng" }];

// The page may show a citizen's contact.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const scopeOf = (principal: Principal): CaseScope => ({ sectorIds: principal.sectorIds, mayManage: can(principal, "cases:manage") });

/** One case of the caller's sectors (another sector's is a 404): the response, the notes, and for managers the contact and the forms. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requirePermission({ request, context }, "cases:read");
  const found = await getStaffCase(context.db, scopeOf(principal), params.code ?? "");
  if (!found.ok) throw problemPage(found.problem);
  const locale = await requestLocale(request);
  const t = await i18nServer.getFixedT(locale, "cases");
  return {
    title: `${t("staff.caseTitle", { code: formatTrackingCode(found.value.code) })} — Hài Lòng`,
    locale,
    view: found.value,
    csrf: found.value.canManage ? ((await csrfTokenFor(request)) ?? "") : "",
  };
}

/**
 * A manager's step on the case: answer, close, reopen, a new due date, a
 * note. Forged or expired forms are refused by readForm (403); a page of
 * text is an error beside its field (400), and nothing is stored.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requirePermission({ request, context }, "cases:manage");
  const form = await readForm(request, MAX_CASE_FORM_BYTES);
  const values = formObject(form);
  const intent = intentOf(form);
  const db = context.db;
  const actor = actorOf(principal);
  const scope = scopeOf(principal);
  const code = params.code ?? "";
  let result: Outcome<{ code: string }>;
  switch (intent) {
    case "answer": {
      const parsed = parseForm(CaseAnswerForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values, { intent });
      result = await answerCase(db, actor, scope, code, parsed.value.answer);
      break;
    }
    case "note": {
      const parsed = parseForm(CaseNoteForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values, { intent });
      result = await addCaseNote(db, actor, scope, code, parsed.value.note);
      break;
    }
    case "changeDue": {
      const parsed = parseForm(CaseDueForm, values);
      if (!parsed.ok) return refusedForm(parsed.problem, values, { intent });
      result = await changeCaseDue(db, actor, scope, code, parsed.value.dueDate);
      break;
    }
    case "close":
      result = await closeCase(db, actor, scope, code);
      break;
    case "reopen":
      result = await reopenCase(db, actor, scope, code);
      break;
    default:
      return invalidForm({ _form: { code: "invalid" } }, values);
  }
  const lang = new URL(request.url).searchParams.get("lang") === "en" ? "&lang=en" : "";
  return answerForm(result, values, (done) => `/dashboard/cases/${done.code}?saved=${intent}${lang}`, { intent });
}

type Failed = { errors: FieldErrors; values: Record<string, unknown>; intent?: string } | undefined;

function useErrorText(): (error: FieldError | undefined) => string | null {
  const { t } = useTranslation("cases");
  return (error) => (error ? t(`errors.${error.code}`, { ...error.values, max: error.values?.max ?? MAX_CASE_TEXT, defaultValue: t("errors.invalid") }) : null);
}

function TextArea({ name, label, hint, error, defaultValue }: { name: string; label: string; hint?: string; error?: FieldError; defaultValue: string }) {
  const text = useErrorText();
  const id = `field-${name}`;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="field-hint" id={`${id}-hint`}>{hint}</span> : null}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {text(error)}
        </span>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={5}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
      />
    </div>
  );
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

function AnswerValue({ line }: { line: StaffCaseView["answers"][number] }) {
  const { t, i18n } = useTranslation(["cases", "survey"]);
  const locale = i18n.language === "en" ? "en" : "vi";
  if (line.notApplicable) return <>{t("cases:staff.na")}</>;
  if (line.score !== null) return <>{`${line.score} · ${t(`survey:levels.${line.score}`)}`}</>;
  if (line.choice) return <>{line.choice[locale]}</>;
  if (line.number !== null) return <>{line.number}</>;
  return <span className="case-answer">{line.text}</span>;
}

export default function CasePage() {
  const { locale, view, csrf } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failed;
  const [search] = useSearchParams();
  const { t } = useTranslation("cases");
  const f = useFormatters();
  const text = useErrorText();
  const errorsOf = (intent: string) => (failed?.intent === intent ? failed.errors : undefined);
  const valueOf = (intent: string, name: string) => (failed?.intent === intent ? String(failed.values[name] ?? "") : "");
  const formError = failed?.errors._form;
  const may = (action: Parameters<typeof nextStatus>[1]) => view.canManage && nextStatus(view.status, action) !== null;
  return (
    <>
      <p>
        <Link to={`/dashboard/cases${locale === "en" ? "?lang=en" : ""}`}>{t("staff.back")}</Link>
      </p>
      <h1>{t("staff.caseTitle", { code: formatTrackingCode(view.code) })}</h1>
      {search.get("saved") ? (
        <p className="notice" role="status">
          {t("staff.saved")}
        </p>
      ) : null}
      {formError ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>{text(formError)}</p>
        </div>
      ) : null}

      <section aria-labelledby="case-facts" data-case-status={view.status}>
        <h2 id="case-facts">{t("staff.facts")}</h2>
        <dl className="case-facts">
          <dt>{t("staff.columns.status")}</dt>
          <dd>
            {t(`status.${view.status}`)}
            {view.overdue ? <strong> · {t("staff.overdue")}</strong> : null}
          </dd>
          <dt>{t("lookup.agency")}</dt>
          <dd>{view.agency[locale]}</dd>
          <dt>{t("lookup.point")}</dt>
          <dd>{view.servicePoint[locale]}</dd>
          <dt>{t("staff.columns.sector")}</dt>
          <dd>{view.sector[locale]}</dd>
          <dt>{t("lookup.created")}</dt>
          <dd>{f.dateTime(view.createdAt)}</dd>
          <dt>{t("lookup.due")}</dt>
          <dd>{f.dateTime(view.dueAt)}</dd>
          {view.answeredAt ? (
            <>
              <dt>{t("lookup.answeredAt")}</dt>
              <dd>{f.dateTime(view.answeredAt)}</dd>
            </>
          ) : null}
          {view.closedAt ? (
            <>
              <dt>{t("lookup.closedAt")}</dt>
              <dd>{f.dateTime(view.closedAt)}</dd>
            </>
          ) : null}
          <dt>{t("staff.reopened")}</dt>
          <dd>{view.reopenedCount}</dd>
        </dl>
        <h3>{t("lookup.publicAnswer")}</h3>
        {view.publicAnswer ? <p className="case-answer" data-public-answer="">{view.publicAnswer}</p> : <p className="muted">{t("lookup.noAnswerYet")}</p>}
      </section>

      {view.canManage ? (
        <section aria-labelledby="case-contact">
          <h2 id="case-contact">{t("staff.contact")}</h2>
          {view.contact ? (
            <dl className="case-facts" data-contact="">
              {view.contact.phone ? (
                <>
                  <dt>{t("staff.phone")}</dt>
                  <dd>
                    <a href={`tel:${view.contact.phone}`}>{view.contact.phone}</a>
                  </dd>
                </>
              ) : null}
              {view.contact.email ? (
                <>
                  <dt>{t("staff.email")}</dt>
                  <dd>
                    <a href={`mailto:${view.contact.email}`}>{view.contact.email}</a>
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted">{t("staff.noContact")}</p>
          )}
        </section>
      ) : (
        <p className="notice">{t("staff.readOnly")}</p>
      )}

      <section aria-labelledby="case-answers">
        <h2 id="case-answers">{t("staff.answers")}</h2>
        <dl className="case-facts">
          {view.answers.map((line) => (
            <div key={line.key} style={{ display: "contents" }}>
              <dt>{line.question[locale]}</dt>
              <dd>
                <AnswerValue line={line} />
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {may("answer") ? (
        <section aria-labelledby="case-answer-form">
          <h2 id="case-answer-form">{t("staff.answerTitle")}</h2>
          <Form method="post" noValidate>
            <Csrf token={csrf} />
            <TextArea
              name="answer"
              label={t("staff.answerLabel")}
              hint={t("staff.answerHint", { max: MAX_CASE_TEXT })}
              error={errorsOf("answer")?.answer}
              defaultValue={valueOf("answer", "answer")}
            />
            <button type="submit" name="intent" value="answer" className="button">
              {t("staff.answerSubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {view.canManage ? (
        <div className="row-actions">
          {may("close") ? (
            <Form method="post" className="inline-form">
              <Csrf token={csrf} />
              <button type="submit" name="intent" value="close" className="button secondary">
                {t("staff.close")}
              </button>
            </Form>
          ) : null}
          {may("reopen") ? (
            <Form method="post" className="inline-form">
              <Csrf token={csrf} />
              <button type="submit" name="intent" value="reopen" className="button secondary">
                {t("staff.reopen")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {may("changeDue") ? (
        <section aria-labelledby="case-due-form">
          <h2 id="case-due-form">{t("staff.dueTitle")}</h2>
          <Form method="post" noValidate>
            <Csrf token={csrf} />
            <div className={errorsOf("changeDue")?.dueDate ? "field field-invalid" : "field"}>
              <label htmlFor="field-dueDate">{t("staff.dueLabel")}</label>
              {errorsOf("changeDue")?.dueDate ? (
                <span className="field-error" id="field-dueDate-error">
                  {text(errorsOf("changeDue")?.dueDate)}
                </span>
              ) : null}
              <input
                id="field-dueDate"
                type="date"
                name="dueDate"
                defaultValue={valueOf("changeDue", "dueDate") || vietnamDate(new Date(view.dueAt))}
                aria-invalid={errorsOf("changeDue")?.dueDate ? true : undefined}
                aria-describedby={errorsOf("changeDue")?.dueDate ? "field-dueDate-error" : undefined}
              />
            </div>
            <button type="submit" name="intent" value="changeDue" className="button secondary">
              {t("staff.dueSubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="case-notes">
        <h2 id="case-notes">{t("staff.notes")}</h2>
        {view.notes.length === 0 ? (
          <p className="muted">{t("staff.noNotes")}</p>
        ) : (
          <ul className="comment-list">
            {view.notes.map((n) => (
              <li key={n.id} className="comment">
                <p className="comment-text case-answer">{n.body}</p>
                <p className="comment-meta">
                  {n.author} · {f.dateTime(n.at)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {view.canManage ? (
          <Form method="post" noValidate aria-labelledby="case-note-form">
            <h3 id="case-note-form">{t("staff.noteTitle")}</h3>
            <Csrf token={csrf} />
            <TextArea name="note" label={t("staff.noteLabel")} error={errorsOf("note")?.note} defaultValue={valueOf("note", "note")} />
            <button type="submit" name="intent" value="note" className="button secondary">
              {t("staff.noteSubmit")}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/** A forged or expired form is said in words; other problems (403, 404) as on every dashboard page. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("cases");
  if (isRouteErrorResponse(error) && (error.data as { kind?: string } | null)?.kind === "csrf") {
    return (
      <section className="error-page" data-status={403}>
        <h1>{t("errors.csrfTitle")}</h1>
        <p>{t("errors.csrf")}</p>
      </section>
    );
  }
  return <DashboardErrorPage />;
}
