import { useState } from "react";
import { useTranslation } from "react-i18next";
import { surveyPath } from "~/domain/kiosk-sync";
import { normalisePairingCode } from "~/domain/pairing-code";
import type { KioskInfo, KioskSurvey } from "~/kiosk/store.client";

export type Paired = { token: string; kiosk: KioskInfo; survey: KioskSurvey };

type ErrorKey = "format" | "unknown" | "expired" | "limited" | "offline" | "server" | "noSurvey";

/** Pairs the tablet with the one-time code an administrator got: the token and the questionnaire are kept. */
export function PairingForm({ onPaired, initialCode }: { onPaired: (p: Paired) => Promise<void>; initialCode?: string }) {
  const { t } = useTranslation("kiosk");
  const [code, setCode] = useState(initialCode ?? "");
  const [error, setError] = useState<ErrorKey | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!normalisePairingCode(code)) return setError("format");
    setBusy(true);
    setError(null);
    try {
      setError(await pair(code, onPaired));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="kiosk-pairing" onSubmit={submit} noValidate>
      <h1>{t("pairing.heading")}</h1>
      <p className="kiosk-lead">{t("pairing.intro")}</p>
      <label htmlFor="pairing-code">{t("pairing.label")}</label>
      <p id="pairing-code-hint" className="kiosk-hint">
        {t("pairing.hint")}
      </p>
      <input
        id="pairing-code"
        name="pairingCode"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={32}
        aria-describedby={error ? "pairing-code-hint pairing-code-error" : "pairing-code-hint"}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <p id="pairing-code-error" className="kiosk-error" role="alert">
          {t(`pairing.errors.${error}`)}
        </p>
      ) : null}
      <button type="submit" className="kiosk-big kiosk-primary" disabled={busy}>
        {busy ? t("pairing.working") : t("pairing.submit")}
      </button>
    </form>
  );
}

/** `POST /api/v1/kiosk/pair`, then the point's questionnaire; null when paired, else why not. */
async function pair(code: string, onPaired: (p: Paired) => Promise<void>): Promise<ErrorKey | null> {
  let reply: Response;
  try {
    reply = await fetch("/api/v1/kiosk/pair", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pairingCode: code }),
      cache: "no-store",
    });
  } catch {
    return "offline";
  }
  if (reply.status === 404) return "unknown";
  if (reply.status === 429) return "limited";
  if (reply.status === 400) {
    const body = (await reply.json().catch(() => null)) as { error?: string } | null;
    return body?.error?.includes("expired") ? "expired" : "format";
  }
  if (!reply.ok) return "server";
  const { token, kiosk } = (await reply.json()) as { token: string; kiosk: KioskInfo };
  const surveyReply = await fetch(surveyPath(kiosk.servicePoint.code), { cache: "no-store" }).catch(() => null);
  if (!surveyReply) return "offline";
  if (!surveyReply.ok) return "noSurvey";
  await onPaired({ token, kiosk, survey: (await surveyReply.json()) as KioskSurvey });
  return null;
}
