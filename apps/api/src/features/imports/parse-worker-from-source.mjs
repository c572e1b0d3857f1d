// The parse worker when the API runs from its TypeScript sources (tsx, jest): tsx's `--import`
// hook does not reach worker threads, so the worker registers tsx itself before loading the
// real module. The build runs dist/features/imports/parse-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./parse-worker.ts');

export default worker.default;
