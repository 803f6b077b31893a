/**
 * The environment n8n-core reads when its modules load: imported by the harness before n8n-core.
 * n8n-core keeps its instance settings under N8N_USER_FOLDER; keep ours out of the home folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp folders this process made; binary stores can hold gigabytes (benchmarks), never leave them. */
export const temporaryFolders = new Set<string>();
process.once('exit', () => {
	for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	temporaryFolders.add(process.env.N8N_USER_FOLDER);
}
process.env.N8N_ENCRYPTION_KEY ??= 'engine-harness';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
