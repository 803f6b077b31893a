/**
 * The tables of docs/symbl-contract.md, rendered from tools/emulator/contract.ts. The doc's
 * prose is written by hand; its tables sit between `<!-- table:NAME -->` markers and must
 * equal what this renders (tools/test/contract/doc.test.ts checks it).
 *   npx ts-node --transpile-only tools/scripts/contract-doc.ts          rewrite the tables
 *   npx ts-node --transpile-only tools/scripts/contract-doc.ts --check  only compare
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CallContract, SourceId } from '../emulator/contract';
import {
	CALLS,
	CONVERSATION_CALLS,
	CONVERSATION_PARAMETERS,
	LANGUAGE_CODES,
	PARAMETERS,
	RESULTS,
	RULES,
	SOURCES,
} from '../emulator/contract';
import { DEVIATIONS, resolveOptions } from '../emulator/options';

export const CONTRACT_DOC = join(__dirname, '..', '..', 'docs', 'symbl-contract.md');

type Table = string[][];

const code = (text: string) => (text === '' ? '' : `\`${text}\``);
const sources = (ids: SourceId[]) => ids.map((id) => `[${id}]`).join(', ');

function callTable(calls: CallContract[]): Table {
	return [
		['call', 'method', 'path', 'used by', 'request', 'success', 'response', 'errors', 'sources'],
		...calls.map((call) => [
			call.id,
			call.method,
			code(call.path),
			call.usedBy,
			call.request,
			String(call.success),
			call.response,
			call.errors.join(', ') || 'none',
			sources(call.sources),
		]),
	];
}

/** Every table of the doc, header row first. */
export function contractTables(): Record<string, Table> {
	const defaults = resolveOptions({});
	return {
		calls: callTable(CALLS),
		conversationCalls: callTable(CONVERSATION_CALLS),
		parameters: [
			['parameter', 'Symbl accepts', 'accepted example', 'refused with 400', 'sources'],
			...PARAMETERS.map((parameter) => [
				code(parameter.name),
				parameter.accepts,
				code(parameter.valid),
				parameter.refused.map(code).join(', ') || 'nothing',
				sources(parameter.sources),
			]),
		],
		languages: [['languageCode values'], [LANGUAGE_CODES.join(', ')]],
		results: [
			['result', 'path', 'body', 'read by', 'note', 'sources'],
			...RESULTS.map((result) => [
				result.name,
				code(result.path),
				result.key === null ? 'bare array `[…]`' : `\`{${result.key}: […]}\``,
				result.inGetResults ? `${result.operation}, Get Results` : result.operation,
				result.note,
				sources(result.sources),
			]),
		],
		conversationParameters: [
			[
				'call',
				'parameter',
				'in',
				'Symbl accepts',
				'accepted example',
				'refused with 400',
				'sources',
			],
			...CONVERSATION_PARAMETERS.map((parameter) => [
				parameter.call,
				code(parameter.name),
				parameter.in,
				parameter.accepts,
				code(parameter.valid),
				parameter.refused.map(code).join(', ') || 'nothing',
				sources(parameter.sources),
			]),
		],
		rules: [
			['rule', 'contract', 'sources'],
			...RULES.map((rule) => [rule.id, rule.rule, sources(rule.sources)]),
		],
		deviations: [
			['emulator option', 'default', 'when on'],
			...Object.entries(DEVIATIONS).map(([name, effect]) => [
				code(name),
				String(defaults[name as keyof typeof DEVIATIONS]),
				effect,
			]),
		],
		sources: [
			['source', 'page', 'file'],
			...Object.entries(SOURCES).map(([id, [page, file]]) => [
				`[${id}]`,
				page || '(no page URL seen)',
				file,
			]),
		],
	};
}

function renderTable(table: Table): string {
	for (const cell of table.flat()) {
		if (cell.includes('|')) throw new Error(`A table cell may not contain "|": ${cell}`);
	}
	const [header, ...rows] = table;
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const BLOCK = /<!-- table:([a-zA-Z]+) -->\n([\s\S]*?)<!-- \/table:\1 -->/g;

/** The doc's tables as cells, by name (separator rows dropped). */
export function parseDocTables(markdown: string): Record<string, Table> {
	const tables: Record<string, Table> = {};
	for (const [, name, body] of markdown.matchAll(BLOCK)) {
		tables[name] = body
			.split('\n')
			.filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
			.map((line) =>
				line
					.slice(1, -1)
					.split('|')
					.map((cell) => cell.trim()),
			);
	}
	return tables;
}

export function renderDoc(markdown: string): string {
	const tables = contractTables();
	return markdown.replace(BLOCK, (_block, name: string) => {
		if (!tables[name]) throw new Error(`docs/symbl-contract.md has an unknown table "${name}"`);
		return `<!-- table:${name} -->\n${renderTable(tables[name])}\n<!-- /table:${name} -->`;
	});
}

if (require.main === module) {
	const current = readFileSync(CONTRACT_DOC, 'utf8');
	const rendered = renderDoc(current);
	if (process.argv.includes('--check')) {
		if (rendered !== current) {
			console.error('docs/symbl-contract.md tables differ from tools/emulator/contract.ts');
			process.exit(1);
		}
	} else if (rendered !== current) {
		writeFileSync(CONTRACT_DOC, rendered);
		console.log('docs/symbl-contract.md: tables rewritten');
	}
}
