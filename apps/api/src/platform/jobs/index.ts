export { Scheduler, LEASE_MS, jobStatus } from './scheduler.js';
export type { Job, JobCounts, JobLog, RunResult } from './scheduler.js';
export { default as jobsPlugin } from './jobs.plugin.js';
