import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { KIOSK_IDLE_MS, type QueuedResponse } from "~/domain/kiosk-sync";
import { NOT_APPLICABLE } from "~/domain/scale";
import type { KioskQuestion, KioskStore, KioskSurvey } from "~/kiosk/store.client";
import { newClientId } from "~/kiosk/client-id.client";
import { Faces } from "./faces";
import { ReadAloud } from "./read-aloud";

type Step = { kind: "sector" } | { kind: "faces" } | { kind: "more" } | { kind: "question"; index: number } | { kind: "thanks" };

type Props = {
  survey: KioskSurvey;
  store: Pick<KioskStore, "put">;
  resetSeconds: number;
  /** The answer is on the tablet and ready to send. */
  onSubmitted: () => void;
  /** The next citizen: the parent mounts a fresh session, so nothing of this one survives. */
  onReset: () => void;
  /** Set while a citizen is answering (from the first tap to the reset): a new questionnaire waits for the next one. */
  engaged: { current: boolean };
};

/** The overall question: the faces answer it. */
export function overallQuestionOf(survey: KioskSurvey): Extract<KioskQuestion, { type: "scale" }> | null {
  const scales = survey.questions.filter((q): q is Extract<KioskQuestion, { type: "scale" }> => q.type === "scale");
  return scales.find((q) => q.overall) ?? null;
}

/**
 * One citizen at the counter: (their sector, when the point serves several),
 * the faces, then the optional questions, then thank you. The answer is
 * written to the tablet at the first tap and grows with each further answer;
 * it is marked ready (sendable) when the citizen finishes or walks away.
 */
export function KioskSession({ survey, store, resetSeconds, onSubmitted, onReset, engaged }: Props) {
  const [locale, setLocale] = useState<"vi" | "en">("vi");
  const { t } = useTranslation(["kiosk", "survey"], { lng: locale });
  const overall = overallQuestionOf(survey)!;
  const rest = survey.questions.filter((q) => q.key !== overall.key);
  const [step, setStep] = useState<Step>(survey.sectors.length > 1 ? { kind: "sector" } : { kind: "faces" });
  const [busy, setBusy] = useState(false);
  const sector = useRef<string | null>(survey.sectors.length === 1 ? survey.sectors[0]!.code : null);
  const record = useRef<QueuedResponse | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const save = useCallback(
    async (next: QueuedResponse) => {
      record.current = next;
      await store.put(next);
    },
    [store],
  );

  const finish = useCallback(async () => {
    const current = record.current;
    if (current && current.state === "draft") {
      await save({ ...current, state: "ready" });
      onSubmitted();
    }
    setStep({ kind: "thanks" });
  }, [save, onSubmitted]);

  // Each step is announced: the heading takes the focus.
  useEffect(() => heading.current?.focus(), [step]);

  // Walked away: the answer so far is sent, and the kiosk resets. The faces are
  // the resting screen, left alone only while they hold nothing of a citizen:
  // a sector picked or English chosen by one must not pass to the next.
  const pickedSomething = survey.sectors.length > 1 || locale !== "vi";
  useEffect(() => {
    if (step.kind === "faces" && !pickedSomething) return;
    const delay = step.kind === "thanks" ? resetSeconds * 1000 : KIOSK_IDLE_MS;
    let timer = setTimeout(idle, delay);
    function idle() {
      if (step.kind === "thanks" || step.kind === "sector" || step.kind === "faces") onReset();
      else void finish();
    }
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(idle, delay);
    };
    const events = ["pointerdown", "keydown", "input"] as const;
    for (const e of events) window.addEventListener(e, touched, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touched);
    };
  }, [step, pickedSomething, resetSeconds, finish, onReset]);

  const guarded = (work: () => Promise<void>) => async () => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const pickFace = (score: number) =>
    guarded(async () => {
      engaged.current = true;
      await save({
        id: newClientId(),
        state: "draft",
        servicePoint: survey.servicePoint.code,
        sector: sector.current,
        version: survey.version,
        locale,
        answeredAt: new Date().toISOString(),
        answers: { [overall.key]: score },
        attempts: 0,
      });
      if (rest.length === 0) await finish();
      else setStep({ kind: "more" });
    })();

  const answer = (index: number, value: number | string | null) =>
    guarded(async () => {
      const current = record.current!;
      const answers = { ...current.answers };
      const key = rest[index]!.key;
      if (value === null) delete answers[key];
      else answers[key] = value;
      await save({ ...current, answers, locale });
      if (index + 1 < rest.length) setStep({ kind: "question", index: index + 1 });
      else await finish();
    })();

  const levels: Record<number, string> = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [n, t(`survey:levels.${n}`)]));
  const textOf = (q: KioskQuestion) => q.text[locale] || q.text.vi;

  return (
    <main className="kiosk-screen" lang={locale}>
      <div className="kiosk-top">
        <p className="kiosk-point">{t("faces.youRate", { point: survey.servicePoint.name[locale] || survey.servicePoint.name.vi })}</p>
        {step.kind !== "thanks" ? (
          <button type="button" className="kiosk-language" lang={locale === "vi" ? "en" : "vi"} onClick={() => setLocale(locale === "vi" ? "en" : "vi")}>
            {t("language")}
          </button>
        ) : null}
      </div>

      {step.kind === "sector" ? (
        <section className="kiosk-step">
          <h1 ref={heading} tabIndex={-1}>{t("sector.heading")}</h1>
          <ReadAloud text={t("sector.heading")} locale={locale} label={t("readAloud")} />
          <div className="kiosk-choices">
            {survey.sectors.map((s) => (
              <button key={s.code} type="button" className="kiosk-big" onClick={() => {
                  engaged.current = true;
                  sector.current = s.code;
                  setStep({ kind: "faces" });
                }}>
                {s.name[locale] || s.name.vi}
              </button>
            ))}
          </div>
        </section>
      ) : null}

      {step.kind === "faces" ? (
        <section className="kiosk-step">
          <h1 ref={heading} tabIndex={-1}>{textOf(overall)}</h1>
          <ReadAloud text={`${textOf(overall)} ${[5, 4, 3, 2, 1].map((n) => levels[n]).join(", ")}`} locale={locale} label={t("readAloud")} />
          <p className="kiosk-hint">{t("faces.hint")}</p>
          <Faces labels={levels} onPick={pickFace} disabled={busy} hooks />
        </section>
      ) : null}

      {step.kind === "more" ? (
        <section className="kiosk-step">
          <h1 ref={heading} tabIndex={-1}>{t("more.heading")}</h1>
          <p className="kiosk-lead">{t("more.body", { count: rest.length })}</p>
          <div className="kiosk-actions">
            <button type="button" className="kiosk-big" onClick={() => setStep({ kind: "question", index: 0 })} disabled={busy}>
              {t("more.continue")}
            </button>
            <button type="button" className="kiosk-big kiosk-primary" data-kiosk="finish" onClick={guarded(finish)} disabled={busy}>
              {t("more.finish")}
            </button>
          </div>
        </section>
      ) : null}

      {step.kind === "question" ? (
        <QuestionStep
          key={step.index}
          question={rest[step.index]!}
          n={step.index + 1}
          total={rest.length}
          locale={locale}
          levels={levels}
          busy={busy}
          headingRef={heading}
          onAnswer={(value) => answer(step.index, value)}
          onFinish={guarded(finish)}
        />
      ) : null}

      {step.kind === "thanks" ? (
        <section className="kiosk-step kiosk-thanks">
          <h1 ref={heading} tabIndex={-1}>{t("thanks.heading")}</h1>
          <p className="kiosk-lead">{t("thanks.body")}</p>
          <button type="button" className="kiosk-big" onClick={onReset}>
            {t("thanks.next")}
          </button>
        </section>
      ) : null}
    </main>
  );
}

type QuestionProps = {
  question: KioskQuestion;
  n: number;
  total: number;
  locale: "vi" | "en";
  levels: Record<number, string>;
  busy: boolean;
  headingRef: React.RefObject<HTMLHeadingElement>;
  onAnswer: (value: number | string | null) => void;
  onFinish: () => void;
};

/** One optional question on its own screen: a tap answers and moves on. */
function QuestionStep({ question, n, total, locale, levels, busy, headingRef, onAnswer, onFinish }: QuestionProps) {
  const { t } = useTranslation(["kiosk", "survey"], { lng: locale });
  const [typed, setTyped] = useState("");
  const text = question.text[locale] || question.text.vi;
  const fieldId = `kiosk-${question.key}`;
  const typedValue = question.type === "number" ? (typed.trim() === "" || !Number.isFinite(Number(typed)) ? null : Number(typed)) : typed.trim() || null;
  return (
    <section className="kiosk-step">
      <p className="kiosk-progress">{t("question.progress", { n, total })}</p>
      <h1 ref={headingRef} tabIndex={-1} id={`${fieldId}-label`}>
        {text}
      </h1>
      <ReadAloud text={text} locale={locale} label={t("readAloud")} />
      {question.type === "scale" ? (
        <div className="kiosk-scale" role="group" aria-labelledby={`${fieldId}-label`}>
          <Faces labels={levels} onPick={onAnswer} disabled={busy} />
          {question.allowNA ? (
            <button type="button" className="kiosk-big" onClick={() => onAnswer(NOT_APPLICABLE)} disabled={busy}>
              {t("survey:levels.na")}
            </button>
          ) : null}
        </div>
      ) : null}
      {question.type === "choice" ? (
        <div className="kiosk-choices" role="group" aria-labelledby={`${fieldId}-label`}>
          {question.options.map((o) => (
            <button key={o.value} type="button" className="kiosk-big" onClick={() => onAnswer(o.value)} disabled={busy}>
              {o.text[locale] || o.text.vi}
            </button>
          ))}
        </div>
      ) : null}
      {question.type === "number" || question.type === "text" ? (
        <form
          className="kiosk-typed"
          onSubmit={(e) => {
            e.preventDefault();
            onAnswer(typedValue);
          }}
        >
          <label htmlFor={fieldId}>
            {question.type === "number" ? t("question.numberLabel", { min: question.min, max: question.max }) : t("question.textLabel", { max: question.maxLength })}
          </label>
          {question.type === "number" ? (
            <input id={fieldId} type="number" inputMode="numeric" min={question.min} max={question.max} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          ) : (
            <textarea id={fieldId} rows={4} maxLength={question.maxLength} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          )}
          <button type="submit" className="kiosk-big" disabled={busy}>
            {t("question.next")}
          </button>
        </form>
      ) : null}
      <div className="kiosk-actions">
        <button type="button" className="kiosk-secondary" onClick={() => onAnswer(null)} disabled={busy}>
          {t("question.skip")}
        </button>
        <button type="button" className="kiosk-big kiosk-primary" data-kiosk="finish" onClick={onFinish} disabled={busy}>
          {t("question.finish")}
        </button>
      </div>
    </section>
  );
}
