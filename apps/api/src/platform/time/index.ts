export { brusselsDate } from './brussels.js';
