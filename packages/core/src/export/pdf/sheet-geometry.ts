import type { LabelMetrics } from './label-types.js';

// The two sheets of the LeerID manual: A4 cut-out login cards and 105x48 mm sticker sheets.

/** A grid of equal labels on A4 portrait, no gaps between them. */
export interface SheetGeometry {
  columns: number;
  rows: number;
  /** label size, mm */
  width: number;
  height: number;
  /** position of the top-left label, mm */
  left: number;
  top: number;
}

/**
 * Cut-out cards: 2 × 5 cards of 105 × 57 mm, 6 mm blank at top and bottom. The same grid as
 * the common 105 × 57 label sheets (10 per A4), so the card PDF also prints on those.
 */
export const CARD_SHEET: SheetGeometry = {
  columns: 2,
  rows: 5,
  width: 105,
  height: 57,
  left: 0,
  top: 6,
};

/**
 * Sticker sheets: 2 × 6 labels of exactly 105 × 48 mm. 2 × 105 = 210 fills the width; 6 × 48 =
 * 288 leaves 9 mm of the 297 mm height, which these sheets (12 per A4, no gaps) split evenly:
 * 4.5 mm at the top and at the bottom.
 */
export const STICKER_SHEET: SheetGeometry = {
  columns: 2,
  rows: 6,
  width: 105,
  height: 48,
  left: 0,
  top: 4.5,
};

export const CARD_METRICS: LabelMetrics = {
  padding: 4,
  headerPt: 7,
  firstNamePt: 12,
  lastNamePt: 16,
  urlPt: 7,
  usernamePt: 9,
  passwordPt: 12,
  minPt: 5.5,
  qrMax: 26,
  pictureMax: 16,
  pictureMin: 12,
  pictureGap: 1.5,
  pictureNamePt: 6,
};

export const STICKER_METRICS: LabelMetrics = {
  padding: 4,
  headerPt: 6.5,
  firstNamePt: 10,
  lastNamePt: 13,
  urlPt: 6,
  usernamePt: 8,
  passwordPt: 11,
  minPt: 5,
  qrMax: 22,
  pictureMax: 13,
  pictureMin: 12,
  pictureGap: 1,
  pictureNamePt: 5.5,
};
