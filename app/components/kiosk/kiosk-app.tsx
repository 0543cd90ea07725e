import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { openKioskStore, type Device, type KioskStore, type KioskSurvey } from "~/kiosk/store.client";
import { KioskSync, type SyncStatus } from "~/kiosk/sync.client";
import { KioskSession, overallQuestionOf } from "./kiosk-session";
import { PairingForm, type Paired } from "./pairing-form";

type Phase =
  | { kind: "loading" }
  | { kind: "pairing" }
  | { kind: "revoked" }
  | { kind: "no-survey" }
  | { kind: "ready"; survey: KioskSurvey };

/** The version this tablet runs: Remix's build version (it names the cached shell too). */
export function appVersion(): string {
  const manifest = (window as unknown as { __remixManifest?: { version?: string } }).__remixManifest;
  return `hai-long/${manifest?.version ?? "dev"}`;
}

function phaseOf(device: Device | undefined, survey: KioskSurvey | undefined): Phase {
  if (!device) return { kind: "pairing" };
  if (device.revokedAt) return { kind: "revoked" };
  if (!survey || !overallQuestionOf(survey)) return { kind: "no-survey" };
  return { kind: "ready", survey };
}

/**
 * The counter tablet: pairing, then one survey session after another, with
 * the queue synced in the background and its state shown to staff in the
 * footer. Everything lives in IndexedDB; the service worker (/kiosk-sw.js)
 * serves the page itself when the network is gone.
 */
export function KioskApp() {
  const { t } = useTranslation("kiosk");
  const [store, setStore] = useState<KioskStore | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [device, setDevice] = useState<Device | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [online, setOnline] = useState(true);
  const [session, setSession] = useState(0);
  const [repairing, setRepairing] = useState(false);
  const [initialCode, setInitialCode] = useState<string | undefined>(undefined);
  const sync = useRef<KioskSync | null>(null);
  // A questionnaire that arrives mid-citizen waits for the next one.
  const pendingSurvey = useRef<KioskSurvey | null>(null);
  const engaged = useRef(false);

  const refresh = useCallback(async (s: KioskStore) => {
    const [d, survey] = await Promise.all([s.device(), s.survey()]);
    setDevice(d ?? null);
    setPhase(phaseOf(d, survey));
    return d;
  }, []);

  const startSync = useCallback(
    (s: KioskStore) => {
      sync.current?.stop();
      const loop = new KioskSync({
        store: s,
        appVersion: appVersion(),
        onStatus: (next) => {
          setStatus(next);
          // The revocation, or a reset delay changed by an administrator (learnt from the heartbeat).
          if (next.revoked) void refresh(s);
          else void s.device().then((d) => d && setDevice(d));
        },
        onSurvey: (survey) => {
          if (engaged.current) {
            pendingSurvey.current = survey;
            return;
          }
          // Nobody is answering: the faces show the new wording at once.
          setPhase((p) => (p.kind === "no-survey" || p.kind === "ready" ? { kind: "ready", survey } : p));
          setSession((n) => n + 1);
        },
      });
      sync.current = loop;
      loop.kick();
    },
    [refresh],
  );

  useEffect(() => {
    let cancelled = false;
    setOnline(navigator.onLine);
    // The shell and its scripts, cached for the next reload without network.
    if ("serviceWorker" in navigator) {
      const version = encodeURIComponent(appVersion());
      navigator.serviceWorker.register(`/kiosk-sw.js?v=${version}`, { scope: "/kiosk" }).catch((e) => console.warn("kiosk service worker", e));
    }
    // Strip a pairing code from the address: it is spent once used, and must not be reachable with Back.
    const code = new URLSearchParams(location.search).get("code");
    if (code) setInitialCode(code);
    if (location.search) history.replaceState(null, "", location.pathname);
    void (async () => {
      const s = await openKioskStore();
      if (cancelled) return;
      void navigator.storage?.persist?.();
      await s.finaliseDrafts();
      setStore(s);
      const d = await refresh(s);
      if (d && !d.revokedAt) startSync(s);
      else setStatus({ ...(await s.counts()), revoked: Boolean(d?.revokedAt), syncing: false, lastSyncAt: null });
    })();
    const goOnline = () => {
      setOnline(true);
      sync.current?.kick();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      cancelled = true;
      sync.current?.stop();
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, [refresh, startSync]);

  const paired = async (result: Paired) => {
    if (!store) return;
    await store.saveDevice({ token: result.token, kiosk: result.kiosk, pairedAt: new Date().toISOString(), revokedAt: null });
    await store.saveSurvey(result.survey);
    void navigator.storage?.persist?.();
    setRepairing(false);
    await refresh(store);
    startSync(store);
  };

  const nextCitizen = useCallback(() => {
    engaged.current = false;
    const fresh = pendingSurvey.current;
    if (fresh) {
      pendingSurvey.current = null;
      setPhase((p) => (p.kind === "ready" ? { kind: "ready", survey: fresh } : p));
    }
    setSession((n) => n + 1);
  }, []);

  const submitted = useCallback(() => {
    sync.current?.kick();
    void sync.current?.report();
  }, []);

  const download = async () => {
    if (!store) return;
    const blob = new Blob([JSON.stringify(await store.everything(), null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `kiosk-${device?.kiosk.id ?? "unpaired"}-${new Date().toISOString().slice(0, 19).replace(/:/g, "")}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="kiosk">
      {phase.kind === "loading" ? (
        <main className="kiosk-screen">
          <p className="kiosk-lead">{t("loading")}</p>
        </main>
      ) : null}
      {phase.kind === "pairing" || (phase.kind === "revoked" && repairing) ? (
        <main className="kiosk-screen">
          <PairingForm onPaired={paired} initialCode={initialCode} />
        </main>
      ) : null}
      {phase.kind === "revoked" && !repairing ? (
        <main className="kiosk-screen" role="alert">
          <h1>{t("revoked.heading")}</h1>
          <p className="kiosk-lead">{t("revoked.body")}</p>
          {status ? <p className="kiosk-lead">{t("revoked.kept", { count: status.queued + status.rejected })}</p> : null}
          <div className="kiosk-actions">
            <button type="button" className="kiosk-big" onClick={() => setRepairing(true)}>
              {t("revoked.again")}
            </button>
            <button type="button" className="kiosk-secondary" onClick={download}>
              {t("revoked.download")}
            </button>
          </div>
        </main>
      ) : null}
      {phase.kind === "no-survey" ? (
        <main className="kiosk-screen">
          <h1>{t("noSurvey.heading")}</h1>
          <p className="kiosk-lead">{t("noSurvey.body")}</p>
        </main>
      ) : null}
      {phase.kind === "ready" && store && device ? (
        <KioskSession
          key={session}
          survey={phase.survey}
          store={store}
          resetSeconds={device.kiosk.resetSeconds}
          onSubmitted={submitted}
          onReset={nextCitizen}
          engaged={engaged}
        />
      ) : null}
      <footer className="kiosk-status" aria-label={device?.kiosk.name ?? t("title")}>
        {device ? <span>{device.kiosk.name}</span> : null}
        {/* Shown once counted: a "0" before the queue is read would be a claim, not a count. */}
        {status ? (
          <span>
            {t("status.queued")} <strong data-kiosk="queued">{status.queued}</strong>
          </span>
        ) : null}
        {status && status.rejected > 0 ? <span>{t("status.rejected", { count: status.rejected })}</span> : null}
        <span className={online ? "kiosk-online" : "kiosk-offline"}>{online ? t("status.online") : t("status.offline")}</span>
        <button type="button" className="kiosk-secondary" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          {t("status.fullscreen")}
        </button>
      </footer>
    </div>
  );
}
