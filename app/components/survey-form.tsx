import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/questionnaire";
import { SCALE_LEVELS, NOT_APPLICABLE } from "~/domain/scale";
import { answerFieldName, FORM_FIELDS } from "~/domain/survey-form";

/** A question as the form shows it, already in the citizen's language. */
export type SurveyFormQuestion = { key: string; text: string; required: boolean } & (
  | { type: "scale"; allowNA: boolean }
  | { type: "choice"; options: Array<{ value: string; text: string }> }
  | { type: "number"; min: number; max: number }
  | { type: "text"; maxLength: number }
);

type Props = {
  action: string;
  locale: Locale;
  questions: SurveyFormQuestion[];
  sectors: Array<{ code: string; name: string }>;
  ticket: string | null;
  clientId: string | null;
  started: string | null;
  errors: Record<string, string>;
  values: Record<string, string>;
  /** An administrator's preview: the send button is shown but disabled, so nothing can be sent. */
  preview?: boolean;
  /** The questionnaire version shown, sent back so the answers are stored against the wording read. */
  version?: number;
  /**
   * The optional contact for a follow-up case: what was typed, and how many
   * days after the case closes it is kept (the form says so). Absent, the
   * form asks for no contact.
   */
  contact?: { phone: string | null; email: string | null; consent: boolean; retentionDays: number };
};

const CONTACT_FIELDS: readonly string[] = [FORM_FIELDS.contactPhone, FORM_FIELDS.contactEmail, FORM_FIELDS.contactConsent];

const fieldId = (key: string) => `q-${key}`;
const errorId = (key: string) => `q-${key}-error`;

/**
 * The survey as a plain HTML form: it works with JavaScript off, and
 * /survey.js (when it runs) only guards against double taps and lost networks.
 */
export function SurveyForm(props: Props) {
  const { t } = useTranslation("survey");
  const errorKeys = Object.keys(props.errors);
  const order = ["sector", ...props.questions.map((q) => q.key), ...CONTACT_FIELDS];
  errorKeys.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const questionNumber = new Map(props.questions.map((q, i) => [q.key, i + 1]));
  // Unanswered questions are listed on one line, so the summary stays short.
  const unanswered = errorKeys.filter((key) => props.errors[key] === "required" && questionNumber.has(key));
  const otherErrors = errorKeys.filter((key) => !unanswered.includes(key));

  return (
    <form
      method="post"
      action={props.action}
      noValidate
      className="survey"
      data-survey=""
      data-msg-submit={t("submit")}
      data-msg-submitting={t("submitting")}
      data-msg-offline={t("offline.saved")}
      data-msg-retrying={t("offline.retrying")}
    >
      {errorKeys.length > 0 ? (
        // autoFocus (rendered as the HTML attribute, so it works without JavaScript too):
        // the form is re-shown scrolled wherever the send button was; the summary
        // must come into view and be read out.
        <div className="error-summary" role="alert" tabIndex={-1} id="error-summary" autoFocus>
          <h2>{t("errorSummaryTitle", { count: errorKeys.length })}</h2>
          <ul>
            {unanswered.length > 0 ? (
              <li>
                {t("unansweredList")}{" "}
                {unanswered.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? ", " : null}
                    <a href={`#${fieldId(key)}`}>{t("questionNumber", { n: questionNumber.get(key) })}</a>
                  </span>
                ))}
              </li>
            ) : null}
            {otherErrors.map((key) => (
              <li key={key}>
                <a href={`#${fieldId(key)}`}>
                  {key === "sector"
                    ? t("sectorLegend")
                    : CONTACT_FIELDS.includes(key)
                      ? t("contact.legend")
                      : questionNumber.has(key)
                      ? t("questionNumber", { n: questionNumber.get(key) })
                      : key}
                  {": "}
                  {t(`errors.${props.errors[key]}`)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <input type="hidden" name={FORM_FIELDS.clientId} value={props.clientId ?? ""} />
      <input type="hidden" name={FORM_FIELDS.started} value={props.started ?? ""} />
      <input type="hidden" name={FORM_FIELDS.locale} value={props.locale} />
      {props.version !== undefined ? <input type="hidden" name={FORM_FIELDS.version} value={props.version} /> : null}
      {props.ticket ? <input type="hidden" name={FORM_FIELDS.ticket} value={props.ticket} /> : null}

      {props.sectors.length > 0 ? (
        <Question id="sector" legend={t("sectorLegend")} required error={props.errors.sector}>
          <div className="options">
            {props.sectors.map((s) => (
              <Option key={s.code} name={FORM_FIELDS.sector} value={s.code} label={s.name} checked={props.values.sector === s.code} />
            ))}
          </div>
        </Question>
      ) : null}

      {props.questions.map((q, i) => (
        <Question
          key={q.key}
          id={q.key}
          number={i + 1}
          legend={q.text}
          required={q.required}
          error={props.errors[q.key]}
          asGroup={q.type === "scale" || q.type === "choice"}
        >
          <QuestionInput question={q} value={props.values[q.key]} invalid={Boolean(props.errors[q.key])} />
        </Question>
      ))}

      {props.contact ? <ContactFields contact={props.contact} errors={props.errors} /> : null}

      <div className="hp" aria-hidden="true">
        <label>
          {t("honeypotLabel")}
          <input type="text" name={FORM_FIELDS.honeypot} tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>

      <p className="survey-status" role="status" aria-live="polite" data-status=""></p>
      <button type="submit" className="button submit" disabled={props.preview}>
        {t("submit")}
      </button>
      <p className="privacy">{t("privacy")}</p>
    </form>
  );
}

function Question({
  id,
  number,
  legend,
  required,
  error,
  asGroup = true,
  children,
}: {
  id: string;
  number?: number;
  legend: string;
  required: boolean;
  error: string | undefined;
  asGroup?: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("survey");
  const title = (
    <>
      {number !== undefined ? <span className="q-number">{t("questionNumber", { n: number })}</span> : null}
      <span className="q-text">
        {legend}
        {required ? (
          <abbr className="req" title={t("required")}>
            {" *"}
          </abbr>
        ) : (
          <span className="opt"> ({t("optional")})</span>
        )}
      </span>
    </>
  );
  const message = error ? (
    <p className="field-error" id={errorId(id)}>
      {t(`errors.${error}`)}
    </p>
  ) : null;
  const className = `question${error ? " has-error" : ""}`;
  if (asGroup) {
    return (
      <fieldset className={className} id={fieldId(id)} aria-describedby={error ? errorId(id) : undefined}>
        <legend>{title}</legend>
        {message}
        {children}
      </fieldset>
    );
  }
  return (
    <div className={className} id={fieldId(id)}>
      <label className="q-label" htmlFor={`${fieldId(id)}-input`}>
        {title}
      </label>
      {message}
      {children}
    </div>
  );
}

function Option({ name, value, label, checked, className }: { name: string; value: string; label: string; checked: boolean; className?: string }) {
  return (
    <label className={`option${className ? ` ${className}` : ""}`}>
      <input type="radio" name={name} value={value} defaultChecked={checked} />
      <span>{label}</span>
    </label>
  );
}

function QuestionInput({ question: q, value, invalid }: { question: SurveyFormQuestion; value: string | undefined; invalid: boolean }) {
  const { t } = useTranslation("survey");
  const name = answerFieldName(q.key);
  const inputId = `${fieldId(q.key)}-input`;
  const describedBy = [invalid ? errorId(q.key) : null, `${inputId}-hint`].filter(Boolean).join(" ");
  switch (q.type) {
    case "scale":
      return (
        <div className="options scale">
          {SCALE_LEVELS.map((level) => (
            <Option key={level} name={name} value={String(level)} label={`${level} · ${t(`levels.${level}`)}`} checked={value === String(level)} className={`level-${level}`} />
          ))}
          {q.allowNA ? (
            <Option name={name} value={NOT_APPLICABLE} label={t("levels.na")} checked={value === NOT_APPLICABLE} className="na" />
          ) : null}
        </div>
      );
    case "choice":
      return (
        <div className="options">
          {q.options.map((o) => (
            <Option key={o.value} name={name} value={o.value} label={o.text} checked={value === o.value} />
          ))}
        </div>
      );
    case "number":
      return (
        <>
          <p className="hint" id={`${inputId}-hint`}>{t("numberHint", { min: q.min, max: q.max })}</p>
          <input
            id={inputId}
            className="number-input"
            type="number"
            inputMode="numeric"
            name={name}
            min={q.min}
            max={q.max}
            step="any"
            defaultValue={value ?? ""}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
        </>
      );
    case "text":
      return (
        <>
          <p className="hint" id={`${inputId}-hint`}>{t("textHint", { max: q.maxLength })}</p>
          <textarea
            id={inputId}
            name={name}
            rows={4}
            maxLength={q.maxLength}
            defaultValue={value ?? ""}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
        </>
      );
  }
}

/**
 * Phone, e-mail and the consent box, without JavaScript like the rest: why
 * the agency asks and how long it keeps them is said before the fields.
 */
function ContactFields({ contact, errors }: { contact: NonNullable<Props["contact"]>; errors: Record<string, string> }) {
  const { t } = useTranslation("survey");
  const message = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={errorId(name)}>
        {t(`errors.${errors[name]}`)}
      </p>
    ) : null;
  const described = (name: string, hint?: string) => [errors[name] ? errorId(name) : null, hint ?? null].filter(Boolean).join(" ") || undefined;
  const invalid = CONTACT_FIELDS.some((name) => errors[name]);
  return (
    <fieldset className={`question contact${invalid ? " has-error" : ""}`} id="contact">
      <legend>
        <span className="q-text">{t("contact.legend")}</span>
      </legend>
      <p className="hint" id="contact-why">
        {t("contact.why", { days: contact.retentionDays })}
      </p>
      <div className="contact-field" id={fieldId(FORM_FIELDS.contactPhone)}>
        <label className="q-label" htmlFor={`${fieldId(FORM_FIELDS.contactPhone)}-input`}>
          {t("contact.phone")}
        </label>
        <p className="hint" id="contact-phone-hint">
          {t("contact.phoneHint")}
        </p>
        {message(FORM_FIELDS.contactPhone)}
        <input
          id={`${fieldId(FORM_FIELDS.contactPhone)}-input`}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          name={FORM_FIELDS.contactPhone}
          maxLength={32}
          defaultValue={contact.phone ?? ""}
          aria-invalid={Boolean(errors[FORM_FIELDS.contactPhone]) || undefined}
          aria-describedby={described(FORM_FIELDS.contactPhone, "contact-phone-hint")}
        />
      </div>
      <div className="contact-field" id={fieldId(FORM_FIELDS.contactEmail)}>
        <label className="q-label" htmlFor={`${fieldId(FORM_FIELDS.contactEmail)}-input`}>
          {t("contact.email")}
        </label>
        {message(FORM_FIELDS.contactEmail)}
        <input
          id={`${fieldId(FORM_FIELDS.contactEmail)}-input`}
          type="email"
          autoComplete="email"
          name={FORM_FIELDS.contactEmail}
          maxLength={254}
          defaultValue={contact.email ?? ""}
          aria-invalid={Boolean(errors[FORM_FIELDS.contactEmail]) || undefined}
          aria-describedby={described(FORM_FIELDS.contactEmail)}
        />
      </div>
      <div className="contact-field" id={fieldId(FORM_FIELDS.contactConsent)}>
        {message(FORM_FIELDS.contactConsent)}
        <label className="option consent">
          <input
            type="checkbox"
            name={FORM_FIELDS.contactConsent}
            value="1"
            defaultChecked={contact.consent}
            aria-describedby={described(FORM_FIELDS.contactConsent, "contact-why")}
          />
          <span>{t("contact.consent")}</span>
        </label>
      </div>
    </fieldset>
  );
}
