/**
 * The kiosk pairing code (docs/decisions/025-kiosk-pairing.md): its alphabet, how it is
 * made from random bytes, read back as typed and shown. No dependencies: the
 * tablet's page checks a typed code with it before asking the server.
 */
/**
 * The pairing code's characters: digits and capital letters without the ones
 * people confuse when reading a code off a screen (0/O, 1/I). 32 characters,
 * so one random byte masked to 5 bits picks one without bias.
 */
export const PAIRING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const PAIRING_CODE_LENGTH = 8;
/** A pairing code from `PAIRING_CODE_LENGTH` random bytes (crypto.randomBytes on the server). */
export function pairingCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < PAIRING_CODE_LENGTH) throw new Error(`a pairing code needs ${PAIRING_CODE_LENGTH} random bytes`);
  let code = "";
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[bytes[i]! & 31];
  return code;
}

const CODE_PATTERN = new RegExp(`^[${PAIRING_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`);

/**
 * The code as typed on a tablet, in its stored form: capitals, without the
 * spaces and dashes it is shown with. Null when it cannot be a pairing code
 * (so it is refused before any look-up).
 */
export function normalisePairingCode(typed: string): string | null {
  if (typed.length > 40) return null;
  const code = typed.replace(/[\s-]/g, "").toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/** The code as shown to the administrator: two groups of four (`ABCD-EFGH`). */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
