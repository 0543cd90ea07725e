import { useEffect, useState } from "react";

/** The device's voice for a language, or null when it has none (the button is then not shown). */
export function useVoice(locale: "vi" | "en"): SpeechSynthesisVoice | null {
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(null);
  useEffect(() => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth) return;
    const pick = () => setVoice(synth.getVoices().find((v) => v.lang.toLowerCase().replace("_", "-").startsWith(locale)) ?? null);
    pick();
    // Chromium lists its voices only after a while.
    synth.addEventListener("voiceschanged", pick);
    return () => synth.removeEventListener("voiceschanged", pick);
  }, [locale]);
  return voice;
}

/** Speaks `text` with the device's own voice for the language; hidden where there is none. */
export function ReadAloud({ text, locale, label }: { text: string; locale: "vi" | "en"; label: string }) {
  const voice = useVoice(locale);
  useEffect(() => () => window.speechSynthesis?.cancel(), []);
  if (!voice) return null;
  const speak = () => {
    const synth = window.speechSynthesis;
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    synth.speak(utterance);
  };
  return (
    <button type="button" className="kiosk-read-aloud" onClick={speak} data-kiosk="read-aloud">
      <span aria-hidden="true">🔊</span> {label}
    </button>
  );
}
