export { PICTURES, DEFAULT_GRID, pictureById, type Picture } from './catalogue.js';
export { describePicturePassword, PICTURE_NAME_SEPARATOR } from './describe.js';
