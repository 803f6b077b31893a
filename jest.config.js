/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/tools/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	testTimeout: 30000,
	globalSetup: '<rootDir>/tools/test/globalSetup.js',
	globalTeardown: '<rootDir>/tools/test/globalTeardown.js',
};
