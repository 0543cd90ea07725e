import { useTranslation } from "react-i18next";
import { OneTimeSecret } from "~/components/admin-users/handover";

/** A pairing code as an action shows it once: the code, when it expires, its QR (the pairing address). */
export type ShownPairingCode = { name: string; code: string; expiresAt: string; url: string; qrDataUri: string };

export function PairingCode({ issued }: { issued: ShownPairingCode }) {
  const { t } = useTranslation("admin-kiosks");
  return (
    <OneTimeSecret label={t("code.label")} warning={t("code.lost")} secret={issued.code}>
      <p>{t("code.instruction")}</p>
      <p>{t("code.expires", { at: issued.expiresAt })}</p>
      <p>
        <img src={issued.qrDataUri} width={240} height={240} alt={t("code.qr", { name: issued.name })} data-kiosk-qr="" className="kiosk-qr" />
      </p>
      <p className="muted kiosk-pairing-url">
        <code translate="no">{issued.url}</code>
      </p>
    </OneTimeSecret>
  );
}
