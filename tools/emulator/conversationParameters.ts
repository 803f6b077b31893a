/**
 * What the Conversation operations send besides the conversation ID (query parameters of the
 * lists, the transcript's JSON body), checked against the contract's CONVERSATION_PARAMETERS
 * table: a value outside a row is answered 400. Parameters the table does not list are ignored.
 */
import type { ConversationParameterRule } from './contract';
import { CONVERSATION_PARAMETERS } from './contract';
import { HttpError } from './http';

type Problem = string | undefined;

function queryProblem(rule: ConversationParameterRule, value: string | string[]): Problem {
	// Text is taken as it comes; some of Symbl's samples repeat customTopicVocabulary, one keyword each.
	if (rule.kind !== 'boolean') return undefined;
	if (Array.isArray(value)) return 'is given more than once';
	return value === 'true' || value === 'false' ? undefined : 'must be true or false';
}

function bodyProblem(rule: ConversationParameterRule, value: unknown): Problem {
	switch (rule.kind) {
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be true or false';
		case 'string':
			return typeof value === 'string' ? undefined : 'must be text';
		case 'enum':
			return rule.values.includes(value as string)
				? undefined
				: `must be one of ${rule.values.join(', ')}`;
		case 'flags': {
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				return 'must be an object';
			}
			const wrong = rule.members.find(
				(member) =>
					(value as Record<string, unknown>)[member] !== undefined &&
					typeof (value as Record<string, unknown>)[member] !== 'boolean',
			);
			return wrong ? `member "${wrong}" must be true or false` : undefined;
		}
	}
}

const invalid = (name: string, problem: string) =>
	new HttpError(400, `Invalid parameter "${name}": ${problem}`);

/** Throws 400 for the first query parameter of this list Symbl would refuse. */
export function checkListQuery(path: string, query: Record<string, string | string[]>): void {
	for (const row of CONVERSATION_PARAMETERS) {
		if (row.call !== path || row.in !== 'query' || query[row.name] === undefined) continue;
		const problem = queryProblem(row.rule, query[row.name]);
		if (problem) throw invalid(row.name, problem);
	}
}

/** Throws 400 for the first member of this call's JSON body Symbl would refuse, or a missing one. */
export function checkBody(call: string, body: Record<string, unknown>): void {
	for (const row of CONVERSATION_PARAMETERS) {
		if (row.call !== call || row.in !== 'body') continue;
		const value = body[row.name];
		if (value === undefined) {
			if (row.rule.kind === 'enum' && row.rule.required) throw invalid(row.name, 'is required');
			continue;
		}
		const problem = bodyProblem(row.rule, value);
		if (problem) throw invalid(row.name, problem);
	}
}
