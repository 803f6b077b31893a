/** docs/symbl-contract.md shows exactly the rows of tools/emulator/contract.ts, each with a source. */
import { readFileSync } from 'node:fs';

import {
	CALLS,
	CONVERSATION_CALLS,
	CONVERSATION_PARAMETERS,
	PARAMETERS,
	RESULTS,
	RULES,
	SOURCES,
} from '../../emulator/contract';
import { CONTRACT_DOC, contractTables, parseDocTables } from '../../scripts/contract-doc';

/** Every row of every table that cites sources. */
const EVERY_ROW = [
	...CALLS,
	...PARAMETERS,
	...RESULTS,
	...RULES,
	...CONVERSATION_CALLS,
	...CONVERSATION_PARAMETERS,
];

const HOW_TO_FIX =
	'run `npx ts-node --transpile-only tools/scripts/contract-doc.ts` after changing contract.ts';

describe('docs/symbl-contract.md', () => {
	const doc = readFileSync(CONTRACT_DOC, 'utf8');
	const inDoc = parseDocTables(doc);
	const expected = contractTables();

	it.each(Object.keys(expected))('table "%s" equals the contract table', (name) => {
		expect({ table: name, rows: inDoc[name], fix: HOW_TO_FIX }).toEqual({
			table: name,
			rows: expected[name],
			fix: HOW_TO_FIX,
		});
	});

	it('has no table the contract does not know', () => {
		expect(Object.keys(inDoc).sort()).toEqual(Object.keys(expected).sort());
	});

	it('names at least one source for every call, parameter, result and rule', () => {
		const unsourced = EVERY_ROW.filter(
			(row) => row.sources.length === 0 || row.sources.some((source) => !SOURCES[source]),
		);
		expect(unsourced).toEqual([]);
	});

	it('cites a file for every source, and every source it lists is used', () => {
		const used = new Set(EVERY_ROW.flatMap((row) => row.sources));
		for (const [id, [, file]] of Object.entries(SOURCES)) {
			expect(file).not.toBe('');
			if (!used.has(id as keyof typeof SOURCES)) expect(doc).toContain(`[${id}]`);
		}
	});
});
