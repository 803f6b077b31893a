/**
 * Integration tests run n8n's engine, real HTTP and the filesystem on a small, shared machine. A
 * rare ENOENT on a binary the same run had just stored has been seen (about once in a dozen full
 * runs, not reproduced alone; cause not found yet): such a test runs once more, with the first
 * failure printed, so it stays visible. A test that fails twice fails the run.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });
