import type { Locale } from '../usernames/locale.js';
import { LABELS } from './i18n.js';
import { LETTER_TEXTS, type LetterTexts } from './letter-texts.js';
import { A4, BLACK, GREY, lineHeight, PdfCanvas, type Rgb } from './pdf/canvas.js';
import { fitSize, truncate } from './pdf/fit.js';
import { flowParagraph, richText } from './pdf/flow.js';
import { qrMatrix } from './pdf/qr.js';
import { cleanText } from './text.js';
import type { LetterOptions, LetterStudent } from './types.js';

const MARGIN = 20;
const WIDTH = A4.width - 2 * MARGIN;
const BODY_PT = 10.5;
const BOX_FILL: Rgb = [242, 242, 242];
const RULE: Rgb = [200, 200, 200];
/** Side of the portal QR code on the letter, mm. */
export const LETTER_QR_SIZE = 26;
const DATE_LOCALE: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

/**
 * parent-letters.pdf: one A4 page per student telling the parents how to activate their
 * co-account, in the family's language (the student's locale, else the school's). It shows the
 * child's username and the portal address, and never a password.
 */
export function buildParentLettersPdf(
  students: readonly LetterStudent[],
  opts: LetterOptions,
): Uint8Array {
  const canvas = new PdfCanvas(opts.assets, {
    title: LABELS[opts.locale].lettersTitle,
    now: opts.now,
    deflate: opts.deflate,
  });
  const portalUrl = cleanText(opts.portalUrl);
  const portalQr = qrMatrix(portalUrl);
  students.forEach((student, i) => {
    if (i > 0) canvas.addPage();
    drawLetter(canvas, student, opts, portalUrl, portalQr);
  });
  return canvas.output();
}

/** Draws with the letter's values: a paragraph of `template` at (`x`, `y`), returning its bottom. */
type Para = (
  template: string,
  y: number,
  pt?: number,
  color?: Rgb,
  x?: number,
  w?: number,
) => number;

function drawLetter(
  canvas: PdfCanvas,
  student: LetterStudent,
  opts: LetterOptions,
  portalUrl: string,
  portalQr: ReturnType<typeof qrMatrix>,
): void {
  const locale = student.locale ?? opts.locale;
  const t = LETTER_TEXTS[locale];
  const values = letterValues(student, opts, portalUrl);
  const para: Para = (template, y, pt = BODY_PT, color = BLACK, x = MARGIN, w = WIDTH) =>
    flowParagraph(canvas, richText(template, values), x, y, w, pt, color);

  let y = drawLetterhead(canvas, values, locale, opts.now);
  y = para(`**${t.title}**`, y, 18) + 1;
  y = para(t.to, y, 11, GREY) + 4;
  y = para(t.intro, y) + 1.5;
  y = para(t.tip, y) + 5;
  y = drawCredentialsBox(canvas, t, values, portalUrl, portalQr, y);
  y = drawSteps(canvas, t, para, y);
  y = para(t.forgot, y) + 1.5;
  para(opts.helpdesk ? t.help : t.helpNoDesk, y);

  const footerY = A4.height - MARGIN + 2 - lineHeight(8.5);
  canvas.line(MARGIN, footerY - 3, A4.width - MARGIN, footerY - 3, 0.3, RULE);
  para(t.footer, footerY, 8.5, GREY);
}

/** The placeholders the letter's texts fill in, cleaned for the PDF fonts. */
function letterValues(
  student: LetterStudent,
  opts: LetterOptions,
  portalUrl: string,
): Record<string, string> {
  const firstName = cleanText(student.firstName);
  return {
    product: cleanText(opts.productName),
    school: cleanText(opts.schoolName),
    child: firstName,
    fullName: `${firstName} ${cleanText(student.lastName)}`.trim(),
    group: cleanText(student.group),
    username: cleanText(student.username),
    url: portalUrl,
    helpdesk: cleanText(opts.helpdesk),
  };
}

/** Letterhead: school left, product and date right, over a rule. Returns where the body starts. */
function drawLetterhead(
  canvas: PdfCanvas,
  values: Record<string, string>,
  locale: Locale,
  now: Date | undefined,
): number {
  const y = MARGIN - 4;
  const date = new Intl.DateTimeFormat(DATE_LOCALE[locale], {
    dateStyle: 'long',
    timeZone: 'Europe/Brussels',
  }).format(now ?? new Date());
  const rightW = Math.max(
    canvas.width(values.product ?? '', 'bold', 9),
    canvas.width(date, 'regular', 9),
  );
  const schoolBottom = flowParagraph(
    canvas,
    [{ text: values.school ?? '', font: 'bold' }],
    MARGIN,
    y,
    WIDTH - rightW - 8,
    12,
  );
  canvas.text(
    values.product ?? '',
    A4.width - MARGIN - canvas.width(values.product ?? '', 'bold', 9),
    y,
    'bold',
    9,
    GREY,
  );
  canvas.text(
    date,
    A4.width - MARGIN - canvas.width(date, 'regular', 9),
    y + lineHeight(9) + 0.5,
    'regular',
    9,
    GREY,
  );
  const ruleY = Math.max(schoolBottom, y + 2 * lineHeight(9) + 1) + 2;
  canvas.line(MARGIN, ruleY, A4.width - MARGIN, ruleY, 0.3, RULE);
  return ruleY + 8;
}

/**
 * The box parents copy from: the child's username (large, monospace) and the address + QR.
 * Returns the y below it.
 */
function drawCredentialsBox(
  canvas: PdfCanvas,
  t: LetterTexts,
  values: Record<string, string>,
  portalUrl: string,
  portalQr: ReturnType<typeof qrMatrix>,
  boxTop: number,
): number {
  const qrSize = LETTER_QR_SIZE;
  const boxPad = 5;
  const textW = WIDTH - 2 * boxPad - qrSize - 6;
  const usernamePt =
    fitSize(canvas.width.bind(canvas), values.username ?? '', 'mono', 16, 7, textW) ?? 7;
  const labelPt = 9;
  const boxH = Math.max(
    qrSize + 2 * boxPad,
    2 * boxPad +
      2 * (lineHeight(labelPt) + 0.8) +
      lineHeight(usernamePt) +
      2 +
      urlHeight(canvas, portalUrl, textW),
  );
  canvas.doc.setFillColor(BOX_FILL[0], BOX_FILL[1], BOX_FILL[2]);
  canvas.doc.rect(MARGIN, boxTop, WIDTH, boxH, 'F');
  let by = boxTop + boxPad;
  const measure = canvas.width.bind(canvas);
  canvas.text(
    truncate(measure, richLabel(t.usernameLabel, values), 'regular', labelPt, textW),
    MARGIN + boxPad,
    by,
    'regular',
    labelPt,
    GREY,
    // The letter's language sets the direction, also when the sentence starts with the name.
    'ltr',
  );
  by += lineHeight(labelPt) + 0.8;
  canvas.text(values.username ?? '', MARGIN + boxPad, by, 'mono', usernamePt, BLACK);
  by += lineHeight(usernamePt) + 2;
  canvas.text(t.urlLabel, MARGIN + boxPad, by, 'regular', labelPt, GREY);
  by += lineHeight(labelPt) + 0.8;
  flowParagraph(canvas, [{ text: portalUrl, font: 'bold' }], MARGIN + boxPad, by, textW, 11);
  // White quiet zone behind the QR code, which sits in the grey box.
  const qx = A4.width - MARGIN - boxPad - qrSize;
  const qy = boxTop + (boxH - qrSize) / 2;
  canvas.doc.setFillColor(255, 255, 255);
  canvas.doc.rect(qx - 2, qy - 2, qrSize + 4, qrSize + 4, 'F');
  canvas.qr(portalQr, qx, qy, qrSize);
  return boxTop + boxH + 8;
}

/** The numbered activation steps under their title. Returns the y below them. */
function drawSteps(canvas: PdfCanvas, t: LetterTexts, para: Para, top: number): number {
  let y = para(`**${t.stepsTitle}**`, top, 13) + 2;
  const indent = 17;
  t.steps.forEach((step, i) => {
    canvas.text(`${t.step} ${i + 1}`, MARGIN, y, 'bold', BODY_PT, BLACK);
    y = para(step, y, BODY_PT, BLACK, MARGIN + indent, WIDTH - indent) + 2.5;
  });
  return y + 2;
}

function richLabel(template: string, values: Record<string, string>): string {
  return richText(template, values)
    .map((r) => r.text)
    .join('');
}

function urlHeight(canvas: PdfCanvas, url: string, width: number): number {
  const lines = Math.max(1, Math.ceil(canvas.width(url, 'bold', 11) / width));
  return lines * (lineHeight(11) + 0.6);
}
