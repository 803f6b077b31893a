/**
 * Secrets that travel in URLs, kept out of the error text the nodes produce. The Symbl Trigger's
 * shared secret rides in its webhook URL (`?token=…`), which the Symbl node hands Symbl as the
 * `webhookUrl` parameter; Symbl's error answers may echo that URL, or the whole request URL with
 * the webhook URL percent-encoded inside it. Error messages end up in error workflows, execution
 * logs and log shippers, so every such value is replaced before the text leaves the node.
 */

/** Query parameters whose values are secrets: token, access_token, X-Amz-Signature, sig, … */
const SECRET_NAME = String.raw`[\w.-]*?(?:token|secret|signature|password)|sig`;
/**
 * Where a query parameter starts: ? & ; plain, percent-encoded (once or twice) or JSON-escaped,
 * or where a word starts in free text.
 */
const PARAMETER_START = String.raw`^|[?&;\s"'(,]|%3F|%26|%253F|%2526|\\u0026`;
const EQUALS = String.raw`=|%3D|%253D`;
/** The value runs to the next parameter (plain or encoded), a quote, a space or the fragment. */
const VALUE = String.raw`(?:(?!%26|%2526|\\u0026)[^&\s"'<>#\\])*`;

const SECRET_PARAMETER = new RegExp(
	`(${PARAMETER_START})(${SECRET_NAME})(${EQUALS})${VALUE}`,
	'gi',
);

export const REDACTED = '[redacted]';

/** The text with every secret query value replaced, and the given secret values too. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let redacted = text.replace(SECRET_PARAMETER, (_match, start: string, name: string, equals) => {
		return `${start}${name}${equals}${REDACTED}`;
	});
	for (const secret of secrets) {
		// Short values (a one-letter token) would blank out ordinary words.
		if (secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			redacted = redacted.split(form).join(REDACTED);
		}
	}
	return redacted;
}

/** The values of a URL's secret query parameters (see SECRET_NAME), to redact wherever they appear. */
export function secretsInUrl(url: unknown): string[] {
	if (typeof url !== 'string') return [];
	try {
		const name = new RegExp(`^(?:${SECRET_NAME})$`, 'i');
		return [...new URL(url).searchParams]
			.filter(([key, value]) => name.test(key) && value !== '')
			.map(([, value]) => value);
	} catch {
		return [];
	}
}
