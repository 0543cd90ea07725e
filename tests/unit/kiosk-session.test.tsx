// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import i18next, { type i18n } from "i18next";
import { useState } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { KioskSession } from "~/components/kiosk/kiosk-session";
import { ReadAloud } from "~/components/kiosk/read-aloud";
import { KIOSK_IDLE_MS, type QueuedResponse } from "~/domain/kiosk-sync";
import { i18nConfig } from "~/i18n/i18n";
import type { KioskStore, KioskSurvey } from "~/kiosk/store.client";
import { ADMINISTRATIVE, type SeedQuestion } from "#db/seed/questionnaires";

let i18n: i18n;
beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: "vi", fallbackLng: "vi", react: { useSuspense: false } });
});

/** The seeded administrative questionnaire as the survey API serves it, cut to one of each kind. */
const seed = (key: string) => ADMINISTRATIVE.questions.find((q) => q.key === key)!;
const texts = (q: SeedQuestion) => ({ vi: q.vi, en: q.en });
function surveyWith(sectors: KioskSurvey["sectors"]): KioskSurvey {
  const visits = seed("visits");
  return {
    servicePoint: { code: "UBND-P1-MC", name: { vi: "Bộ phận Một cửa phường 1", en: "Ward 1 one-stop counter" }, agency: { code: "UBND-P1", name: { vi: "UBND phường 1", en: "Ward 1 People's Committee" } } },
    sectors,
    version: 3,
    questions: [
      { key: "signage", group: "sipas-access", required: false, text: texts(seed("signage")), type: "scale", overall: false, allowNA: false },
      { key: "feedback", group: "sipas-feedback", required: false, text: texts(seed("feedback")), type: "scale", overall: false, allowNA: true },
      { key: "overall", group: null, required: true, text: texts(seed("overall")), type: "scale", overall: true, allowNA: false },
      { key: "visits", group: null, required: false, text: texts(visits), type: "choice", options: visits.options!.map((o) => ({ value: o.value, text: { vi: o.vi, en: o.en } })) },
      { key: "comment", group: null, required: false, text: texts(seed("comment")), type: "text", maxLength: 2000 },
    ],
  };
}
const oneSector = surveyWith([{ code: "ho-tich", name: { vi: "Hộ tịch", en: "Civil status" } }]);
const threeSectors = surveyWith([
  { code: "ho-tich", name: { vi: "Hộ tịch", en: "Civil status" } },
  { code: "dat-dai", name: { vi: "Đất đai", en: "Land" } },
  { code: "xay-dung", name: { vi: "Xây dựng", en: "Construction" } },
]);

const VI = {
  overall: seed("overall").vi,
  more: "Cảm ơn Ông/Bà đã đánh giá!",
  thanks: "Xin cảm ơn Ông/Bà!",
  sector: "Ông/Bà vừa làm thủ tục thuộc lĩnh vực nào?",
};

type Put = { record: QueuedResponse; screen: string };

/** The store's `put`, remembering each record and what the screen's heading was when it was called. */
function recordingStore(gate?: () => Promise<void>) {
  const puts: Put[] = [];
  const put = vi.fn(async (q: QueuedResponse): Promise<undefined> => {
    puts.push({ record: structuredClone(q), screen: document.querySelector("h1")?.textContent ?? "" });
    if (gate) await gate();
    return undefined;
  });
  return { store: { put }, puts, put };
}

function renderSession(survey: KioskSurvey, store: Pick<KioskStore, "put">, resetSeconds = 8) {
  const onSubmitted = vi.fn();
  const onReset = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <KioskSession survey={survey} store={store} resetSeconds={resetSeconds} onSubmitted={onSubmitted} onReset={onReset} engaged={{ current: false }} />
    </I18nextProvider>,
  );
  return { onSubmitted, onReset };
}

const heading = () => screen.getByRole("heading", { level: 1 }).textContent;
const face = (n: number) => document.querySelector<HTMLButtonElement>(`[data-kiosk="face-${n}"]`)!;
const finishButton = () => document.querySelector<HTMLButtonElement>('[data-kiosk="finish"]')!;
async function tap(el: Element) {
  await act(async () => {
    fireEvent.click(el);
  });
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("KioskSession", () => {
  test("a face is written to the tablet as a draft before the next screen shows", async () => {
    let release!: () => void;
    const { store, puts } = recordingStore(() => new Promise<void>((r) => (release = r)));
    renderSession(oneSector, store);
    expect(heading()).toBe(VI.overall);
    expect(screen.getAllByRole("button", { name: /hài lòng|bình thường/i })).toHaveLength(5);

    await tap(face(4));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.record).toMatchObject({ state: "draft", servicePoint: "UBND-P1-MC", sector: "ho-tich", version: 3, locale: "vi", answers: { overall: 4 }, attempts: 0 });
    expect(puts[0]!.record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(puts[0]!.record.answeredAt))).toBe(false);
    // Not on disk yet: still the faces, and they cannot be tapped again.
    expect(heading()).toBe(VI.overall);
    expect(face(5).disabled).toBe(true);

    await act(async () => release());
    expect(heading()).toBe(VI.more);
    expect(screen.getByText(/trả lời thêm 4 câu ngắn/)).toBeTruthy();
  });

  test("“Send now” marks the answer ready, then thanks, then reports it submitted", async () => {
    const { store, puts } = recordingStore();
    const { onSubmitted } = renderSession(oneSector, store);
    await tap(face(2));
    expect(onSubmitted).not.toHaveBeenCalled();
    await tap(finishButton());

    expect(puts.map((p) => p.record.state)).toEqual(["draft", "ready"]);
    expect(puts[1]!.record.id).toBe(puts[0]!.record.id);
    expect(puts[1]!.record.answers).toEqual({ overall: 2 });
    expect(puts[1]!.screen).not.toBe(VI.thanks);
    expect(heading()).toBe(VI.thanks);
    expect(onSubmitted).toHaveBeenCalledTimes(1);
  });

  test("continuing: one question a screen, each answer grows the same record", async () => {
    const { store, puts } = recordingStore();
    const { onSubmitted } = renderSession(oneSector, store);
    await tap(face(5));
    await tap(screen.getByRole("button", { name: "Trả lời thêm" }));

    expect(heading()).toBe(seed("signage").vi);
    expect(screen.getByText("Câu 1 / 4")).toBeTruthy();
    await tap(screen.getByRole("button", { name: "Hài lòng" }));
    expect(puts.at(-1)!.record.answers).toEqual({ overall: 5, signage: 4 });

    expect(heading()).toBe(seed("feedback").vi);
    await tap(screen.getByRole("button", { name: "Không ý kiến / Không áp dụng" }));
    expect(puts.at(-1)!.record.answers).toEqual({ overall: 5, signage: 4, feedback: "na" });

    expect(heading()).toBe(seed("visits").vi);
    expect(screen.getAllByRole("button", { name: /lần/ }).map((b) => b.textContent)).toEqual(["1 lần", "2 lần", "3 lần trở lên"]);
    await tap(screen.getByRole("button", { name: "2 lần" }));
    expect(puts.at(-1)!.record).toMatchObject({ state: "draft", answers: { overall: 5, signage: 4, feedback: "na", visits: "2" } });

    expect(heading()).toBe(seed("comment").vi);
    expect(new Set(puts.map((p) => p.record.id)).size).toBe(1);
    expect(onSubmitted).not.toHaveBeenCalled();
  });

  test("skipping a question leaves it out of the answer", async () => {
    const { store, puts } = recordingStore();
    renderSession(oneSector, store);
    await tap(face(3));
    await tap(screen.getByRole("button", { name: "Trả lời thêm" }));
    await tap(screen.getByRole("button", { name: "Bỏ qua" }));
    expect(heading()).toBe(seed("feedback").vi);
    expect(puts.at(-1)!.record.answers).toEqual({ overall: 3 });
  });

  test("after the reset nothing of the previous citizen is on the screen", async () => {
    vi.useFakeTimers();
    const { store, puts } = recordingStore();
    const onReset = vi.fn();
    const comment = "Cán bộ Nguyễn Văn A hướng dẫn rất kỹ";
    function Harness() {
      const [n, setN] = useState(0);
      return (
        <I18nextProvider i18n={i18n}>
          <KioskSession key={n} survey={oneSector} store={store} resetSeconds={8} onSubmitted={() => undefined} onReset={() => { onReset(); setN((x) => x + 1); }} engaged={{ current: false }} />
        </I18nextProvider>
      );
    }
    render(<Harness />);
    await tap(face(1));
    await tap(screen.getByRole("button", { name: "Trả lời thêm" }));
    for (let i = 0; i < 3; i++) await tap(screen.getByRole("button", { name: "Bỏ qua" }));
    const box = screen.getByLabelText("Góp ý của Ông/Bà (tối đa 2000 ký tự)");
    await act(async () => {
      fireEvent.change(box, { target: { value: comment } });
    });
    expect(document.body.textContent).toContain(comment);
    await tap(screen.getByRole("button", { name: "Tiếp" }));

    expect(puts.at(-1)!.record).toMatchObject({ state: "ready", answers: { overall: 1, comment } });
    expect(heading()).toBe(VI.thanks);

    await act(async () => {
      vi.advanceTimersByTime(8_000 - 1);
    });
    expect(onReset).not.toHaveBeenCalled();
    await act(async () => {
      vi.advanceTimersByTime(1);
    });
    expect(onReset).toHaveBeenCalledTimes(1);
    expect(heading()).toBe(VI.overall);
    expect(document.body.textContent).not.toContain(comment);
    expect(document.body.innerHTML).not.toContain("Nguyễn Văn A");
    expect(document.querySelector("textarea")).toBeNull();
    expect(face(1).disabled).toBe(false);
  });

  test("a point with several sectors asks the sector first, and the answer carries it", async () => {
    const { store, puts } = recordingStore();
    renderSession(threeSectors, store);
    expect(heading()).toBe(VI.sector);
    expect(face(4)).toBeNull();
    expect(screen.getByRole("button", { name: "Hộ tịch" })).toBeTruthy();
    await tap(screen.getByRole("button", { name: "Đất đai" }));
    expect(heading()).toBe(VI.overall);
    expect(puts).toHaveLength(0);
    await tap(face(4));
    expect(puts[0]!.record).toMatchObject({ sector: "dat-dai", answers: { overall: 4 } });
  });

  test("one sector: no sector question, the sector is the point's", async () => {
    const { store, puts } = recordingStore();
    renderSession(oneSector, store);
    expect(screen.queryByText(VI.sector)).toBeNull();
    await tap(face(5));
    expect(puts[0]!.record.sector).toBe("ho-tich");
  });

  test("the English toggle shows the questions in English, and the answer says so", async () => {
    const { store, puts } = recordingStore();
    renderSession(oneSector, store);
    await tap(screen.getByRole("button", { name: "English" }));
    expect(heading()).toBe(seed("overall").en);
    expect(screen.getByText("You are rating: Ward 1 one-stop counter")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Very satisfied" })).toBeTruthy();
    expect(document.querySelector("main")!.getAttribute("lang")).toBe("en");
    await tap(face(4));
    expect(puts[0]!.record.locale).toBe("en");
    await tap(screen.getByRole("button", { name: "Answer more" }));
    expect(heading()).toBe(seed("signage").en);
    await tap(screen.getByRole("button", { name: "Tiếng Việt" }));
    expect(heading()).toBe(seed("signage").vi);
  });

  test("left in the continuation for the idle time: the answer is finished and thanked", async () => {
    vi.useFakeTimers();
    const { store, puts } = recordingStore();
    const { onSubmitted, onReset } = renderSession(oneSector, store, 8);
    await tap(face(4));
    await tap(screen.getByRole("button", { name: "Trả lời thêm" }));
    await tap(screen.getByRole("button", { name: "Rất hài lòng" }));

    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS - 1);
    });
    expect(puts.at(-1)!.record.state).toBe("draft");
    await act(async () => {
      vi.advanceTimersByTime(1);
    });
    expect(puts.at(-1)!.record).toMatchObject({ state: "ready", answers: { overall: 4, signage: 5 } });
    expect(heading()).toBe(VI.thanks);
    expect(onSubmitted).toHaveBeenCalledTimes(1);
    expect(onReset).not.toHaveBeenCalled();
    await act(async () => {
      vi.advanceTimersByTime(8_000);
    });
    expect(onReset).toHaveBeenCalledTimes(1);
  });

  test("left on the “answer more?” offer: finished after the idle time", async () => {
    vi.useFakeTimers();
    const { store, puts } = recordingStore();
    renderSession(oneSector, store);
    await tap(face(3));
    expect(heading()).toBe(VI.more);
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS);
    });
    expect(puts.map((p) => p.record.state)).toEqual(["draft", "ready"]);
    expect(heading()).toBe(VI.thanks);
  });

  test("a touch restarts the idle time", async () => {
    vi.useFakeTimers();
    const { store, puts } = recordingStore();
    renderSession(oneSector, store);
    await tap(face(3));
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS - 1_000);
    });
    fireEvent.pointerDown(window);
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS - 1_000);
    });
    expect(puts).toHaveLength(1);
    expect(heading()).toBe(VI.more);
  });

  test("a citizen who picked a sector (or English) and walked away does not hand either to the next one", async () => {
    vi.useFakeTimers();
    const { store, puts } = recordingStore();
    const { onReset } = renderSession(threeSectors, store);
    await tap(screen.getByRole("button", { name: "Xây dựng" }));
    expect(heading()).toBe(VI.overall);
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS);
    });
    expect(onReset).toHaveBeenCalledTimes(1);
    expect(puts).toHaveLength(0);
  });

  test("a single-sector kiosk resting on its faces in Vietnamese is not reset over and over", async () => {
    vi.useFakeTimers();
    const { store } = recordingStore();
    const { onReset } = renderSession(oneSector, store);
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS * 3);
    });
    expect(onReset).not.toHaveBeenCalled();
    await tap(screen.getByRole("button", { name: "English" }));
    await act(async () => {
      vi.advanceTimersByTime(KIOSK_IDLE_MS);
    });
    expect(onReset).toHaveBeenCalledTimes(1);
  });
});

// ——— read aloud ———

type FakeVoice = Pick<SpeechSynthesisVoice, "lang" | "name">;

class FakeUtterance {
  voice: FakeVoice | null = null;
  lang = "";
  rate = 1;
  constructor(public text: string) {}
}

function installSpeech(voices: FakeVoice[]) {
  const target = new EventTarget();
  const synth = {
    voices,
    getVoices: () => synth.voices as SpeechSynthesisVoice[],
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
    speak: vi.fn(),
    cancel: vi.fn(),
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true, writable: true });
  vi.stubGlobal("SpeechSynthesisUtterance", FakeUtterance);
  return synth;
}

describe("ReadAloud", () => {
  const question = seed("overall").vi;
  const renderIt = (locale: "vi" | "en" = "vi") => render(<ReadAloud text={question} locale={locale} label="Đọc to câu hỏi" />);
  const button = () => screen.queryByRole("button", { name: /Đọc to câu hỏi/ });

  beforeEach(() => {
    Reflect.deleteProperty(window, "speechSynthesis");
  });
  afterEach(() => {
    Reflect.deleteProperty(window, "speechSynthesis");
    vi.unstubAllGlobals();
  });

  test("hidden where the browser cannot speak", () => {
    expect("speechSynthesis" in window).toBe(false);
    renderIt();
    expect(button()).toBeNull();
  });

  test("hidden when the only voice is English and the page is Vietnamese", () => {
    installSpeech([{ lang: "en-US", name: "Samantha" }]);
    renderIt("vi");
    expect(button()).toBeNull();
  });

  test("shown with a Vietnamese voice, and speaks the question with it", async () => {
    const vi1 = { lang: "vi-VN", name: "Linh" };
    const synth = installSpeech([{ lang: "en-US", name: "Samantha" }, vi1]);
    renderIt("vi");
    await tap(button()!);
    expect(synth.speak).toHaveBeenCalledTimes(1);
    const said = synth.speak.mock.calls[0]![0] as FakeUtterance;
    expect(said).toBeInstanceOf(FakeUtterance);
    expect(said.text).toBe(question);
    expect(said.voice).toBe(vi1);
    expect(said.lang).toBe("vi-VN");
    // Whatever was being said is cut off first.
    expect(synth.cancel.mock.invocationCallOrder[0]!).toBeLessThan(synth.speak.mock.invocationCallOrder[0]!);
  });

  test("a voice listed late (voiceschanged) brings the button", async () => {
    const synth = installSpeech([]);
    renderIt("vi");
    expect(button()).toBeNull();
    synth.voices = [{ lang: "vi_VN", name: "An" }];
    await act(async () => {
      synth.dispatchEvent(new Event("voiceschanged"));
    });
    expect(button()).not.toBeNull();
    await tap(button()!);
    expect((synth.speak.mock.calls[0]![0] as FakeUtterance).voice).toBe(synth.voices[0]);
  });
});
