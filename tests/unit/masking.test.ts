import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MASK_PLACEHOLDERS, maskedSegments, maskPersonalData } from "~/domain/masking";

const PHONE = MASK_PLACEHOLDERS.phone;
const EMAIL = MASK_PLACEHOLDERS.email;
const ID = MASK_PLACEHOLDERS.idNumber;

const masked = (text: string) => maskPersonalData(text).text;

describe("phone numbers are masked", () => {
  test.each([
    ["0912345678"],
    ["0912 345 678"],
    ["0912.345.678"],
    ["0912-345-678"],
    ["091 234 5678"],
    ["0912 34 56 78"],
    ["0389 123 456"],
    ["0705.123.456"],
    ["0868123456"],
    ["+84 912 345 678"],
    ["+84912345678"],
    ["84-912-345-678"],
    ["84912345678"],
    ["(+84) 912 345 678"],
    ["+84 (0) 912 345 678"],
    ["+84 0912 345 678"],
    ["0084 912 345 678"],
  ])("a mobile written %s", (phone) => {
    expect(maskPersonalData(`Có gì gọi em ${phone} ạ`)).toEqual({ text: `Có gì gọi em ${PHONE} ạ`, found: { phone: 1, email: 0, idNumber: 0 } });
  });

  test.each([["0238 3844 123"], ["02383844123"], ["024.3825.1234"], ["024 3825 1234"], ["(024) 3825 1234"], ["(0238) 3844 123"], ["+84 238 3844 123"], ["+84 24 3825 1234"]])(
    "a landline written %s",
    (phone) => {
      expect(maskPersonalData(`Tổng đài ${phone} không ai nghe máy`)).toEqual({
        text: `Tổng đài ${PHONE} không ai nghe máy`,
        found: { phone: 1, email: 0, idNumber: 0 },
      });
    },
  );

  test("at the very start and end of the text, and against punctuation", () => {
    expect(masked("0912345678")).toBe(PHONE);
    expect(masked("0912 345 678, cảm ơn")).toBe(`${PHONE}, cảm ơn`);
    expect(masked("Liên hệ: 0912.345.678.")).toBe(`Liên hệ: ${PHONE}.`);
    expect(masked("(SĐT 0912345678)")).toBe(`(SĐT ${PHONE})`);
    expect(masked("“0912345678”")).toBe(`“${PHONE}”`);
    expect(masked("sđt0912345678!")).toBe(`sđt${PHONE}!`);
    expect(masked("ĐT.0912345678")).toBe(`ĐT.${PHONE}`);
  });

  test("several in one run-on comment, next to ordinary numbers", () => {
    const text =
      "Tôi đến ngày 12/11/2026 lúc 7:30, chờ 3 tiếng mới được tiếp, nộp 1.500.000 đồng mà không có biên lai. " +
      "Gọi 0238 3844 123 không ai nghe, gọi cán bộ 0987.654.321 thì tắt máy, vợ tôi gọi +84 356 789 012 cũng vậy!!!";
    expect(maskPersonalData(text)).toEqual({
      text:
        "Tôi đến ngày 12/11/2026 lúc 7:30, chờ 3 tiếng mới được tiếp, nộp 1.500.000 đồng mà không có biên lai. " +
        `Gọi ${PHONE} không ai nghe, gọi cán bộ ${PHONE} thì tắt máy, vợ tôi gọi ${PHONE} cũng vậy!!!`,
      found: { phone: 3, email: 0, idNumber: 0 },
    });
  });

  test("a day or a count just before a phone stays", () => {
    expect(masked("ngày 15 0912345678 gọi không được")).toBe(`ngày 15 ${PHONE} gọi không được`);
    expect(masked("đi 3 lần, 0912 345 678")).toBe(`đi 3 lần, ${PHONE}`);
  });
});

describe("e-mail addresses are masked", () => {
  test("plain, with dots and digits, at the end of a sentence", () => {
    expect(maskPersonalData("Gửi kết quả qua nguyen.van.an1985@gmail.com giúp tôi.")).toEqual({
      text: `Gửi kết quả qua ${EMAIL} giúp tôi.`,
      found: { phone: 0, email: 1, idNumber: 0 },
    });
    expect(masked("email:tranthib@hatinh.gov.vn")).toBe(`email:${EMAIL}`);
    expect(masked("lan+hoso@yahoo.com.vn, 0912345678")).toBe(`${EMAIL}, ${PHONE}`);
  });

  test("digits inside an address do not count as a phone", () => {
    expect(maskPersonalData("0912345678@gmail.com").found).toEqual({ phone: 0, email: 1, idNumber: 0 });
  });
});

describe("ID numbers are masked", () => {
  test.each([["001203004567"], ["001 203 004 567"], ["001.203.004.567"], ["0012 0300 4567"], ["040203004567"], ["186123456"], ["186 123 456"]])(
    "an ID written %s",
    (id) => {
      expect(maskPersonalData(`Số CCCD của tôi là ${id}, cần tra hồ sơ`)).toEqual({
        text: `Số CCCD của tôi là ${ID}, cần tra hồ sơ`,
        found: { phone: 0, email: 0, idNumber: 1 },
      });
    },
  );

  test("right after a label without a space, and at the end", () => {
    expect(masked("CCCD:040203004567")).toBe(`CCCD:${ID}`);
    expect(masked("CMND 186123456")).toBe(`CMND ${ID}`);
  });

  test("phones, e-mails and IDs together are each counted", () => {
    expect(maskPersonalData("Tôi là Lê Văn Bình, CCCD 038 085 001 234, đt 0912 345 678, mail binh.lv@gmail.com. Cảm ơn!")).toEqual({
      text: `Tôi là Lê Văn Bình, CCCD ${ID}, đt ${PHONE}, mail ${EMAIL}. Cảm ơn!`,
      found: { phone: 1, email: 1, idNumber: 1 },
    });
  });
});

describe("ordinary numbers stay as written", () => {
  test.each([
    ["dates", "Nộp ngày 12/11/2026, hẹn trả 2026-11-20, thực tế 25.11.2026 mới có."],
    ["times", "Mở cửa 7:30 đến 11h30, chiều 13:30–17:00, chờ từ 8 giờ đến 10 giờ 15."],
    ["money", "Lệ phí 1.500.000 đồng, bị đòi thêm 2,5 triệu, tổng cộng 4.000.000đ, có người nói 500k."],
    ["large sums", "Tiền sử dụng đất 150.000.000 đồng, tức 150000000 đồng hay 150 000 000 đ."],
    ["counts", "Chờ 3 tiếng, đi lại 4 lần, có 12 người xếp hàng trước, số thứ tự 105."],
    ["percentages", "Chỉ đáp ứng 60% mong đợi, năm ngoái là 95,5%."],
    ["dossier codes", "Mã hồ sơ H41.22-261101-0001 trễ hẹn; hồ sơ 000.00.12.H41-261101-0001 cũng vậy."],
    ["years and ranges", "Giai đoạn 2021-2025 và năm 2026, quyết định 1001/QĐ-BNV."],
    ["a short number line", "Quầy số 2, tầng 3, phòng 305."],
  ])("%s", (_name, text) => {
    expect(maskPersonalData(text)).toEqual({ text, found: { phone: 0, email: 0, idNumber: 0 } });
  });

  test("an empty comment and one with no digits", () => {
    expect(maskPersonalData("")).toEqual({ text: "", found: { phone: 0, email: 0, idNumber: 0 } });
    expect(masked("Cán bộ rất nhiệt tình, hướng dẫn tận tình, cảm ơn!")).toBe("Cán bộ rất nhiệt tình, hướng dẫn tận tình, cảm ơn!");
  });

  test("a very long chain of digits is read quickly and masked where it must be", () => {
    const text = `${"1 ".repeat(20_000)}0912 345 678`;
    expect(masked(text)).toBe(`${"1 ".repeat(20_000)}${PHONE}`);
  });

  test("long runs of letters, dots or at-signs are read once, not once per character", () => {
    for (const text of ["a".repeat(100_000), "a.".repeat(50_000), "a@".repeat(50_000), `a@${"b.".repeat(50_000)}`]) {
      expect(masked(text)).toBe(text);
    }
  });
});

describe("marking what was masked", () => {
  test("cuts the text at its placeholders", () => {
    expect(maskedSegments(`Gọi ${PHONE} hoặc ${EMAIL}`)).toEqual([
      { text: "Gọi ", masked: null },
      { text: PHONE, masked: "phone" },
      { text: " hoặc ", masked: null },
      { text: EMAIL, masked: "email" },
    ]);
    expect(maskedSegments("")).toEqual([]);
  });
});

// ---- Properties ----------------------------------------------------------

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const separator = fc.constantFrom(" ", ".", "-");

/** A mobile as people write it: 0 or +84 or 84, grouped 4-3-3, 3-3-4 or not at all. */
const mobile = fc
  .tuple(fc.constantFrom("3", "5", "7", "8", "9"), digits(8), separator, fc.constantFrom("0", "+84 ", "+84", "84-", "(+84) "), fc.constantFrom("4-3-3", "3-3-4", "none"))
  .map(([network, rest, sep, prefix, grouping]) => {
    const national = `${network}${rest}`; // nine digits after the 0
    const withZero = prefix === "0";
    const body = withZero ? `0${national}` : national;
    const groups =
      grouping === "none"
        ? [body]
        : withZero
          ? grouping === "4-3-3"
            ? [body.slice(0, 4), body.slice(4, 7), body.slice(7)]
            : [body.slice(0, 3), body.slice(3, 6), body.slice(6)]
          : [body.slice(0, 3), body.slice(3, 6), body.slice(6)];
    return `${withZero ? "" : prefix}${groups.join(sep)}`;
  });

const landline = fc
  .tuple(digits(2), digits(7), separator, fc.boolean())
  .map(([area, subscriber, sep, international]) =>
    international ? `+84 2${area} ${subscriber.slice(0, 4)}${sep}${subscriber.slice(4)}` : `02${area}${sep}${subscriber.slice(0, 4)}${sep}${subscriber.slice(4)}`,
  );

const idNumber = fc.oneof(
  fc.tuple(digits(3), digits(9), fc.constantFrom(" ", "", ".")).map(([province, rest, sep]) => [`0${province.slice(1)}`, rest.slice(0, 3), rest.slice(3, 6), rest.slice(6)].join(sep)),
  fc.tuple(fc.integer({ min: 1, max: 3 }), digits(8)).map(([first, rest]) => `${first}${rest}`),
);

const email = fc
  .tuple(fc.constantFrom("nguyen.van.an", "lethib", "tran_hoa85", "hoso+1"), fc.constantFrom("gmail.com", "yahoo.com.vn", "nghean.gov.vn"))
  .map(([local, domain]) => `${local}@${domain}`);

/** Words and numbers that are nobody's contact or ID. */
const ordinary = fc.constantFrom(
  "Cán bộ",
  "hướng dẫn tận tình",
  "chờ 3 tiếng",
  "đi lại 2 lần",
  "ngày 12/11/2026",
  "hẹn 2026-11-20",
  "lúc 8:30",
  "phí 1.500.000 đồng",
  "2,5 triệu",
  "150.000.000 đồng",
  "đạt 95%",
  "mã H41.22-261101-0001",
  "hồ sơ 000.00.12.H41-261101-0001",
  "phòng 305",
  "Rất hài lòng!",
  "không ổn…",
  "Đất đai",
  "12",
  "2026",
);

const between = fc.constantFrom(", ", "; ", " và ", ". ", " — ", "\n");

type Piece = { text: string; kind: "phone" | "email" | "idNumber" | null };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: ordinary.map((text) => ({ text, kind: null })) },
  { weight: 1, arbitrary: mobile.map((text) => ({ text, kind: "phone" as const })) },
  { weight: 1, arbitrary: landline.map((text) => ({ text, kind: "phone" as const })) },
  { weight: 1, arbitrary: idNumber.map((text) => ({ text, kind: "idNumber" as const })) },
  { weight: 1, arbitrary: email.map((text) => ({ text, kind: "email" as const })) },
);

const comment = fc.tuple(fc.array(piece, { maxLength: 8 }), between).map(([pieces, sep]) => ({ pieces, text: pieces.map((p) => p.text).join(sep) }));

const MOBILE_OR_LANDLINE = /^(?:0[35789]\d{8}|02\d{9}|84[35789]\d{8}|842\d{9})$/;

describe("properties", () => {
  test("what is left has no digit run that is a phone or an ID, and each one inserted is counted", () => {
    fc.assert(
      fc.property(comment, ({ pieces, text }) => {
        const result = maskPersonalData(text);
        // Digits that a joiner (space, dot, dash) holds together, read as one number.
        // Dossier codes keep their digits, whatever they look like.
        const outsideCodes = result.text.replace(/\S*H41\S*/g, "");
        for (const chain of outsideCodes.match(/\d+(?:[ .-]\d+)*/g) ?? []) {
          const all = chain.replace(/\D/g, "");
          expect(MOBILE_OR_LANDLINE.test(all), chain).toBe(false);
          // Nine digits are left only where they are money.
          if (/^(?:\d{9}|\d{12})$/.test(all)) expect(chain).toBe("150.000.000");
        }
        for (const p of pieces) if (p.kind) expect(result.text).not.toContain(p.text);
        const count = (kind: Piece["kind"]) => pieces.filter((p) => p.kind === kind).length;
        expect(result.found).toEqual({ phone: count("phone"), email: count("email"), idNumber: count("idNumber") });
      }),
      { numRuns: 500 },
    );
  });

  test("masking is idempotent, on comments and on any text", () => {
    const once = (text: string) => maskPersonalData(text).text;
    fc.assert(
      fc.property(fc.oneof(comment.map((c) => c.text), fc.string({ maxLength: 80 }), fc.stringMatching(/^[0-9 .\-+()@a-z]{0,40}$/)), (text) => {
        const first = maskPersonalData(text);
        expect(once(first.text)).toBe(first.text);
        expect(maskPersonalData(first.text).found).toEqual({ phone: 0, email: 0, idNumber: 0 });
      }),
      { numRuns: 1000 },
    );
  });

  test("text without personal data is unchanged", () => {
    fc.assert(
      fc.property(fc.array(ordinary, { maxLength: 10 }), between, (words, sep) => {
        const text = words.join(sep);
        expect(maskPersonalData(text)).toEqual({ text, found: { phone: 0, email: 0, idNumber: 0 } });
      }),
      { numRuns: 500 },
    );
  });
});
