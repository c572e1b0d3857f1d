import { type RandomSource, randomIndices, secureRandom } from '../random.js';
import type { PasswordError } from './errors.js';

export const PICTURE_LENGTH_MIN = 4;
export const PICTURE_LENGTH_MAX = 8;
export const PICTURE_LENGTH_DEFAULT = 5;
export const PICTURE_GRID_SIZE_DEFAULT = 16;

function assertGrid(gridIds: readonly string[]): void {
  if (!Array.isArray(gridIds) || gridIds.length < 2) {
    throw new RangeError('The picture grid needs at least 2 pictures');
  }
  // A duplicate id would make that picture twice as likely and the entropy figure wrong.
  if (
    new Set(gridIds).size !== gridIds.length ||
    gridIds.some((id) => typeof id !== 'string' || id === '')
  ) {
    throw new RangeError('Picture grid ids must be unique, non-empty strings');
  }
}

/** Ordered picture ids drawn uniformly from the grid; the same picture may come back. */
export function generatePicturePassword(
  gridIds: readonly string[],
  length: number,
  rng: RandomSource = secureRandom,
): string[] {
  assertGrid(gridIds);
  if (!Number.isInteger(length) || length < PICTURE_LENGTH_MIN || length > PICTURE_LENGTH_MAX) {
    throw new RangeError(
      `Picture password length must be ${PICTURE_LENGTH_MIN}..${PICTURE_LENGTH_MAX}, got ${length}`,
    );
  }
  return randomIndices(gridIds.length, length, rng).map((i) => gridIds[i] as string);
}

/** For admin-picked and login sequences. `[]` means valid. */
export function validatePicturePassword(
  ids: readonly string[],
  gridIds: readonly string[],
  length: { min: number; max: number } = { min: PICTURE_LENGTH_MIN, max: PICTURE_LENGTH_MAX },
): PasswordError[] {
  if (!Array.isArray(ids)) return ['bad_format'];
  const errors: PasswordError[] = [];
  if (ids.length < length.min || ids.length > length.max) errors.push('bad_length');
  const grid = new Set(gridIds);
  if (!ids.every((id) => typeof id === 'string' && grid.has(id))) errors.push('unknown_picture');
  return errors;
}
