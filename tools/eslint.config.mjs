// Tool code (tests, emulator, engine harness, demo, benchmarks) does not ship: n8n's community-node
// rules (no process, no timers, no fs) apply to nodes/ and credentials/ only, through the root
// config. `npm run lint` turns on ESLint's per-folder config lookup so this file governs tools/.
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['node_modules/**', '**/*.js'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
);
