// The invisible characters refused in names by the API (text-check.ts) and in every cell of an
// import (imports/parse/cells.ts) alike; core holds the one list (the portal strips them from a
// typed username before sending it).
export { INVISIBLE } from '@schoolloket/core';
