// The api-keys feature offers nothing to other features: its routes are registered in app.ts.
export {};
