// tsc does not copy non-TS assets; the build needs none yet, but keep the hook explicit.
process.exit(0);
