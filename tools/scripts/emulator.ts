/** Runs the Symbl emulator on its own, for trying the node in a real n8n: npm run emulator [-- PORT] */
import { SymblEmulator } from '../emulator';

async function main() {
	const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
	const emulator = new SymblEmulator({
		port,
		tokenLifetimeSeconds: Number(process.env.TOKEN_LIFETIME ?? 86400),
		jobStepMs: Number(process.env.JOB_STEP_MS ?? 1000),
	});
	// One JSON line per request (secrets redacted), for scripts that check what arrived.
	emulator.onRecorded = (record) => console.log(JSON.stringify(record));
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
