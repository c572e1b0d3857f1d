import type { FontKey, Rgb } from './canvas.js';

// What a login label holds and the space it has: the input of layoutLabel (label-layout.ts).

/** A rectangle in mm, origin top-left of the page. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type LabelItem =
  | ({ kind: 'text'; text: string; font: FontKey; pt: number; color: Rgb } & Box)
  | ({ kind: 'picture'; id: string } & Box)
  | ({ kind: 'qr'; text: string } & Box);

/** Blank space inside each edge of a label, mm. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Sizes of one label format (the A4 card or the 105 × 48 mm sticker). */
export interface LabelMetrics {
  /** blank border inside the label edge, mm */
  padding: number;
  headerPt: number;
  firstNamePt: number;
  lastNamePt: number;
  urlPt: number;
  usernamePt: number;
  passwordPt: number;
  /** no text is set smaller than this */
  minPt: number;
  qrMax: number;
  pictureMax: number;
  /** a picture is never smaller than this (a child must recognise it) */
  pictureMin: number;
  pictureGap: number;
  pictureNamePt: number;
}

/** What a label shows, already cleaned for printing. */
export interface LabelContent {
  productName: string;
  group: string;
  firstName: string;
  lastName: string;
  url: string;
  /** with its colon, as the language writes it: "Gebruikersnaam:", "Nom d'utilisateur :" */
  usernameLabel: string;
  username: string;
  passwordLabel: string;
  /** text password (word or temporary), printed in the monospace font */
  password?: string | undefined;
  /** picture password, in order */
  pictures?: ReadonlyArray<{ id: string; name: string }> | undefined;
}
