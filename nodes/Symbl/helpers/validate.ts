import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Symbl's conversation IDs are 16 digits and job IDs 36-character UUIDs. */
const MAX_ID_CHARS = 128;

/**
 * An ID that goes into a URL path (conversation or job). Symbl's IDs are plain
 * tokens; anything that could change the path (`/`, `?`, `#`, `%`, `..`, spaces)
 * is refused so a request can never reach another endpoint.
 */
export function requirePathId(
	node: INode,
	itemIndex: number,
	label: string,
	value: unknown,
): string {
	const id =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	const fail = (problem: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${label}" ${problem}`, {
			itemIndex,
			description: `Set "${label}" to the ID Symbl returned (for example from a Submit Video step); nothing was sent to Symbl for this item.`,
		});
	};
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		fail(`is a number too large to be exact (${value}): pass the ID as text, as Symbl returned it`);
	}
	if (id.length > MAX_ID_CHARS)
		fail(`is ${id.length} characters long; Symbl's IDs are far shorter`);
	if (id === '')
		fail(
			typeof value === 'string' || value === undefined || value === null
				? 'is empty'
				: `must be text, got ${typeof value}`,
		);
	if (!/^[A-Za-z0-9._~-]+$/.test(id))
		fail(`contains characters that are not allowed in an ID: ${JSON.stringify(id)}`);
	if (/^\.+$/.test(id) || id.includes('..')) fail(`is not a valid ID: ${JSON.stringify(id)}`);
	return id;
}
