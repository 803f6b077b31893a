/**
 * Processing parameters of the uploads, checked as Symbl checks them: each value against its
 * row of the contract's PARAMETERS table; a value outside it is answered 400. File uploads send
 * them in the query; URL and text uploads in the JSON body, typed (bodyParameters turns those
 * into the query form, so one set of rules checks both). Parameters the table does not list (or,
 * for text, the text calls do not list) are ignored, as Symbl ignores them.
 */
import type { ParameterRule } from './contract';
import { PARAMETERS, TRACKER_PHRASE_REFUSED } from './contract';
import { HttpError } from './http';
import type { CustomEntity } from './model';

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

const ALL_PARAMETERS: readonly string[] = PARAMETERS.map(({ name }) => name);

/** Throws 400 for the first parameter Symbl would refuse (of those the call takes). */
export function checkProcessingParameters(
	query: Record<string, string | string[]>,
	names: readonly string[] = ALL_PARAMETERS,
): void {
	for (const { name, rule } of PARAMETERS) {
		if (!names.includes(name)) continue;
		const value = query[name];
		if (value === undefined) continue;
		const problem = Array.isArray(value) ? 'is given more than once' : problemWith(rule, value);
		if (problem) throw new HttpError(400, `Invalid parameter "${name}": ${problem}`);
	}
}

/** A JSON body's value in query form, or 400 when its JSON type is not the documented one. */
function queryForm(name: string, rule: ParameterRule, value: unknown): string {
	const expected: Record<ParameterRule['kind'], string> = {
		string: 'a string',
		url: 'a string',
		enum: 'a string',
		boolean: 'true or false',
		number: 'a number',
		integer: 'a whole number',
		json: 'a JSON array',
	};
	const fits =
		rule.kind === 'boolean'
			? // Symbl's own text example sends "detectPhrases": "true".
				typeof value === 'boolean' || value === 'true' || value === 'false'
			: rule.kind === 'number'
				? typeof value === 'number'
				: rule.kind === 'integer'
					? // "Integer" on one page, "String" on the URL pages.
						typeof value === 'number' || typeof value === 'string'
					: rule.kind === 'json'
						? typeof value === 'object' && value !== null
						: typeof value === 'string';
	if (!fits) {
		throw new HttpError(
			400,
			`Invalid parameter "${name}": must be ${expected[rule.kind]} in the JSON body, got ${JSON.stringify(value)}`,
		);
	}
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The processing parameters of a URL or text upload's JSON body, checked (types, then the same
 * rules as a query) and in query form. An empty webhookUrl, as the docs' example bodies send it,
 * is no webhook.
 */
export function bodyParameters(
	body: Record<string, unknown>,
	names: readonly string[] = ALL_PARAMETERS,
): Record<string, string> {
	const query: Record<string, string> = {};
	for (const { name, rule } of PARAMETERS) {
		const value = body[name];
		if (!names.includes(name) || value === undefined || (name === 'webhookUrl' && value === '')) {
			continue;
		}
		query[name] = queryForm(name, rule, value);
	}
	checkProcessingParameters(query, names);
	return query;
}

/**
 * The custom entities an upload gave (already checked), for the Entities API: none unless it also
 * asked for detection ("If not set the Entities API will not return any entities").
 */
export function requestedEntities(query: Record<string, string | string[]>): CustomEntity[] {
	if (query.detectEntities !== 'true' || typeof query.entities !== 'string') return [];
	const rows = JSON.parse(query.entities) as Array<Record<string, unknown>>;
	return rows.map(({ customType, text, value }) => ({
		customType: String(customType),
		text: String(text),
		...(typeof value === 'string' ? { value } : {}),
	}));
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
