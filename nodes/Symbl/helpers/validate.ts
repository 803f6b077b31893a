import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactSecrets } from '../../shared/redact';

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

export function isAbsoluteHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** Symbl fetches the URL with a GET, and servers refuse request lines much longer than 8 KB. */
const MAX_URL_CHARS = 8192;

/**
 * Links Symbl's URL calls do not take, in its docs' words: "we do not support any redirected links,
 * shortened links (e.g. bit.ly), YouTube, Vimeo, or links from any audio/video platforms".
 */
const UNSUPPORTED_HOSTS: Record<string, string> = {
	'youtube.com': 'a YouTube link',
	'youtu.be': 'a YouTube link',
	'vimeo.com': 'a Vimeo link',
	'bit.ly': 'a shortened link',
	'tinyurl.com': 'a shortened link',
};

/**
 * The URL of a recording Symbl will download: an absolute http(s) URL of the file itself, sent as
 * the user gave it (trimmed; not re-encoded, so a signed URL keeps its signature). Private-looking
 * hosts are allowed: an emulator, a proxy or an internal Symbl deployment may reach them.
 */
export function requireRecordingUrl(
	node: INode,
	itemIndex: number,
	label: string,
	value: unknown,
): string {
	const fail = (problem: string): never => {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${label}" ${problem}`, {
			itemIndex,
			description:
				'Symbl downloads the recording from this URL: give a public http(s) link to the file itself (not a redirect, a shortened link, YouTube or Vimeo). Nothing was sent to Symbl for this item.',
		});
	};
	if (typeof value !== 'string') {
		fail(value === undefined || value === null ? 'is empty' : `must be text, got ${typeof value}`);
	}
	const url = (value as string).trim();
	if (url === '') fail('is empty');
	if (url.length > MAX_URL_CHARS) {
		fail(`is ${url.length} characters long; at most ${MAX_URL_CHARS} fit in a URL`);
	}
	if (/[\s\p{Cc}]/u.test(url)) {
		fail(
			`contains spaces or control characters: ${JSON.stringify(redactSecrets(url).slice(0, 80))}`,
		);
	}
	if (!isAbsoluteHttpUrl(url)) {
		fail(`must be an absolute http(s) URL, got ${JSON.stringify(redactSecrets(url).slice(0, 80))}`);
	}
	const parsed = new URL(url);
	if (parsed.username || parsed.password) {
		fail('must not carry a user name or password: Symbl needs a public URL');
	}
	const host = parsed.hostname.toLowerCase();
	for (const [domain, what] of Object.entries(UNSUPPORTED_HOSTS)) {
		if (host === domain || host.endsWith(`.${domain}`)) {
			fail(`is ${what} (${host}), which Symbl does not download; link to the file itself`);
		}
	}
	return url;
}
