import type { Locale } from '../../usernames/locale.js';
import { pictureById } from '../../pictures/catalogue.js';
import { LABELS } from '../i18n.js';
import { cleanText } from '../text.js';
import type { ExportAccount, ExportAssets } from '../types.js';
import type { PdfCanvas, Rgb } from './canvas.js';
import type { LabelContent, LabelItem } from './label-layout.js';
import { qrMatrix, type QrCache } from './qr.js';

const PLACEHOLDER: Rgb = [160, 160, 160];

/** What the card of one account shows, cleaned of control characters, in the export language. */
export function labelContent(a: ExportAccount, locale: Locale, productName: string): LabelContent {
  const l = LABELS[locale];
  const picture = a.passwordKind === 'picture';
  return {
    productName: cleanText(productName),
    group: cleanText(a.group),
    firstName: cleanText(a.firstName),
    lastName: cleanText(a.lastName),
    url: cleanText(a.url),
    usernameLabel: `${l.username}${l.colon}`,
    username: cleanText(a.username),
    passwordLabel: `${a.passwordKind === 'temporary' ? l.temporaryPassword : l.password}${l.colon}`,
    password: picture ? undefined : cleanText(a.password),
    pictures: picture
      ? (a.pictures ?? []).map((id) => ({
          id,
          name: pictureById(id)?.names[locale] ?? cleanText(id),
        }))
      : undefined,
  };
}

export function paintLabel(
  canvas: PdfCanvas,
  items: readonly LabelItem[],
  assets: ExportAssets,
  qrCache: QrCache,
): void {
  for (const item of items) {
    switch (item.kind) {
      case 'text':
        canvas.text(item.text, item.x, item.y, item.font, item.pt, item.color);
        break;
      case 'qr':
        canvas.qr(qrMatrix(item.text, qrCache), item.x, item.y, item.w);
        break;
      case 'picture': {
        const png = assets.picturePng(item.id);
        if (png) canvas.image(`picture-${item.id}`, png, item.x, item.y, item.w, item.h);
        // An unknown id still takes its place, so the order of the others stays readable.
        else canvas.rect(item.x + 0.5, item.y + 0.5, item.w - 1, item.h - 1, 0.3, PLACEHOLDER);
        break;
      }
    }
  }
}
