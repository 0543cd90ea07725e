import { SCALE_LEVELS } from "~/domain/scale";

/** The mouth of each face, from a frown (1) to a broad smile (5). */
const MOUTHS: Record<number, string> = {
  1: "M20 46 Q32 34 44 46",
  2: "M21 44 Q32 38 43 44",
  3: "M21 42 L43 42",
  4: "M21 40 Q32 47 43 40",
  5: "M19 38 Q32 52 45 38",
};

/**
 * Five labelled faces, from very dissatisfied to very satisfied. For the
 * overall question (`hooks`) they carry `data-kiosk="face-N"`, the stable hooks
 * for tests from outside: one tap there is a usable answer.
 */
export function Faces({ labels, onPick, disabled, hooks = false }: { labels: Record<number, string>; onPick: (score: number) => void; disabled: boolean; hooks?: boolean }) {
  return (
    <ul className="kiosk-faces" role="list">
      {SCALE_LEVELS.map((score) => (
        <li key={score}>
          <button type="button" className={`kiosk-face kiosk-face-${score}`} data-kiosk={hooks ? `face-${score}` : undefined} onClick={() => onPick(score)} disabled={disabled}>
            <svg viewBox="0 0 64 64" width="96" height="96" aria-hidden="true" focusable="false">
              <circle cx="32" cy="32" r="29" className="kiosk-face-disc" />
              <circle cx="22" cy="25" r="4" className="kiosk-face-ink" />
              <circle cx="42" cy="25" r="4" className="kiosk-face-ink" />
              <path d={MOUTHS[score]} className="kiosk-face-mouth" />
            </svg>
            <span className="kiosk-face-label">{labels[score]}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
