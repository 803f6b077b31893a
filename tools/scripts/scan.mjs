// n8n's community-package scanner (@n8n/scan-community-package), run the way n8n's verification
// runs it, on two trees: the source (package.json + nodes/ + credentials/) and the unpacked tarball
// that `npm pack` would publish. Its CLI only takes a published package name, so the exported
// analyzePackage() is called directly. Exits non-zero on any violation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const work = mkdtempSync(join(tmpdir(), 'symbl-scan-'));
let failed = false;
try {
	const report = async (label, dir, patterns) => {
		const result = await analyzePackage(dir, patterns);
		console.log(
			`${result.passed ? 'ok  ' : 'FAIL'} ${label}${result.message ? `: ${result.message}` : ''}`,
		);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	};
	await report('source tree', root, SOURCE_FILE_PATTERNS);

	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['xzf', join(work, packed), '-C', work]);
	await report(`packed tarball (${packed})`, join(work, 'package'));
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
