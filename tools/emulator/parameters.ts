/**
 * Processing parameters of the video uploads, checked as Symbl checks them: each value
 * against its row of the contract's PARAMETERS table; a value outside it is answered 400.
 * Parameters the table does not list are ignored, as Symbl ignores them.
 */
import type { ParameterRule } from './contract';
import { PARAMETERS, TRACKER_PHRASE_REFUSED } from './contract';
import { HttpError } from './http';

type Problem = string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const isText = (value: unknown): value is string =>
	typeof value === 'string' && value.trim() !== '';

/** The first problem of a JSON array, row by row. */
function eachRow(list: unknown, check: (row: unknown) => Problem): Problem {
	if (!Array.isArray(list)) return 'must be a JSON array';
	for (const [index, row] of list.entries()) {
		const problem = check(row);
		if (problem) return `item ${index + 1} ${problem}`;
	}
	return undefined;
}

function trackerProblem(row: unknown): Problem {
	if (!isObject(row)) return 'must be an object';
	// A tracker saved with the Management API is referred to by its ID alone.
	if (isText(row.id) && row.name === undefined && row.vocabulary === undefined) return undefined;
	if (!isText(row.name)) return 'needs a name';
	const { vocabulary } = row;
	if (!Array.isArray(vocabulary) || vocabulary.length === 0) return 'needs a vocabulary list';
	for (const phrase of vocabulary) {
		if (!isText(phrase)) return 'has a vocabulary entry that is not text';
		const refused = phrase.match(TRACKER_PHRASE_REFUSED);
		if (refused) {
			return `has "${phrase}": only . ' - are allowed as punctuation in tracker vocabulary, not ${[...new Set(refused)].join(' ')}`;
		}
	}
	return undefined;
}

const JSON_SHAPES: Record<
	Extract<ParameterRule, { kind: 'json' }>['shape'],
	(v: unknown) => Problem
> = {
	stringList: (list) =>
		eachRow(list, (row) => (typeof row === 'string' ? undefined : 'must be a string')),
	entities: (list) =>
		eachRow(list, (row) =>
			isObject(row) && isText(row.customType) && isText(row.text)
				? undefined
				: 'needs a customType and a text',
		),
	channelMetadata: (list) =>
		eachRow(list, (row) => {
			if (!isObject(row)) return 'must be an object';
			if (!Number.isInteger(row.channel) || (row.channel as number) < 1) {
				return 'needs a channel that is a whole number of at least 1';
			}
			if (!isObject(row.speaker)) return 'needs a speaker object';
			const { name, email } = row.speaker;
			if (![name, email].every((value) => value === undefined || typeof value === 'string')) {
				return 'has a speaker name or email that is not text';
			}
			return undefined;
		}),
	trackers: (list) => eachRow(list, trackerProblem),
};

function problemWith(rule: ParameterRule, value: string): Problem {
	switch (rule.kind) {
		case 'string':
			return undefined;
		case 'url': {
			try {
				const url = new URL(value);
				return /^https?:$/.test(url.protocol) ? undefined : 'must be an http(s) URL';
			} catch {
				return 'must be an absolute URL';
			}
		}
		case 'boolean':
			return value === 'true' || value === 'false' ? undefined : 'must be true or false';
		case 'number': {
			const number = value.trim() === '' ? NaN : Number(value);
			return number >= rule.min && number <= rule.max
				? undefined
				: `must be a number from ${rule.min} to ${rule.max}`;
		}
		case 'integer':
			return /^\d+$/.test(value) && Number(value) >= rule.min
				? undefined
				: `must be a whole number of at least ${rule.min}`;
		case 'enum':
			return rule.values.includes(value) ? undefined : `must be one of ${rule.values.join(', ')}`;
		case 'json': {
			let parsed: unknown;
			try {
				parsed = JSON.parse(value);
			} catch {
				return 'must be JSON';
			}
			return JSON_SHAPES[rule.shape](parsed);
		}
	}
}

/** Throws 400 for the first parameter Symbl would refuse. */
export function checkProcessingParameters(query: Record<string, string | string[]>): void {
	for (const { name, rule } of PARAMETERS) {
		const value = query[name];
		if (value === undefined) continue;
		const problem = Array.isArray(value) ? 'is given more than once' : problemWith(rule, value);
		if (problem) throw new HttpError(400, `Invalid parameter "${name}": ${problem}`);
	}
}

/** The trackers an upload asked for (already checked), for trackers-detected. */
export function requestedTrackers(
	query: Record<string, string | string[]>,
): Array<{ name: string; vocabulary: string[] }> {
	if (typeof query.trackers !== 'string') return [];
	const rows = JSON.parse(query.trackers) as Array<Record<string, unknown>>;
	return rows
		.filter((row) => typeof row.name === 'string')
		.map((row) => ({ name: row.name as string, vocabulary: row.vocabulary as string[] }));
}
