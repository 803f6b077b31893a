/**
 * Runs the Symbl emulator on its own, for trying the node in a real n8n: npm run emulator [-- PORT]
 * It follows Symbl's documented contract (docs/symbl-contract.md) for a trial account.
 * Settings: TOKEN_LIFETIME (s), JOB_STEP_MS, CONCURRENT_JOB_LIMIT (2 trial, 50 paid).
 * Deviations, off unless named in EMULATOR_DEVIATIONS (comma-separated): see options.ts.
 * Prints one JSON line per request it answered, and one "callback {…}" line per job-status
 * callback it sent (with the answer or the delivery error) or held (callbacksNotDelivered).
 */
import type { EmulatorOptions } from '../emulator';
import { DEVIATIONS, SymblEmulator } from '../emulator';

function deviations(): EmulatorOptions {
	const named = (process.env.EMULATOR_DEVIATIONS ?? '').split(',').map((name) => name.trim());
	const options: EmulatorOptions = {};
	for (const name of named.filter(Boolean)) {
		if (!(name in DEVIATIONS)) {
			throw new Error(`Unknown deviation "${name}"; known: ${Object.keys(DEVIATIONS).join(', ')}`);
		}
		options[name as keyof typeof DEVIATIONS] = true;
	}
	return options;
}

async function main() {
	const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
	const emulator = new SymblEmulator({
		port,
		tokenLifetimeSeconds: Number(process.env.TOKEN_LIFETIME ?? 86400),
		jobStepMs: Number(process.env.JOB_STEP_MS ?? 1000),
		...(process.env.CONCURRENT_JOB_LIMIT
			? { concurrentJobLimit: Number(process.env.CONCURRENT_JOB_LIMIT) }
			: {}),
		...deviations(),
	});
	// One JSON line per request (secrets redacted), for scripts that check what arrived.
	emulator.onRecorded = (record) => console.log(JSON.stringify(record));
	// One line per callback, sent, failed or held: "callback {…}" (the request lines start with "{").
	emulator.onCallback((record) =>
		console.log(`callback ${JSON.stringify({ at: Date.now(), ...record })}`),
	);
	// One JSON line per download of a URL upload's recording (loopback only).
	emulator.onDownloaded = (record) => console.log(JSON.stringify({ download: record }));
	const baseUrl = await emulator.start();
	console.log(`Symbl emulator listening on ${baseUrl}`);
	console.log(
		`Credential: App ID "${emulator.appId}", App Secret "${emulator.appSecret}", Base URL ${baseUrl}`,
	);
	const stop = async () => {
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
