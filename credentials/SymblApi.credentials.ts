import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_SYMBL_BASE_URL, symblBaseUrl } from '../nodes/shared/constants';

/** The token endpoint answers in milliseconds; a minute of silence means it will not. */
const TOKEN_TIMEOUT_MS = 60_000;

/**
 * Symbl authenticates with an App ID and App Secret exchanged for a bearer token.
 * n8n calls preAuthentication when the expirable `accessToken` is empty or a request
 * came back 401 (expired), then stores the new token on the credential.
 */
export class SymblApi implements ICredentialType {
	name = 'symblApi';

	displayName = 'Symbl API';

	documentationUrl = 'https://docs.symbl.ai/docs/developer-tools/authentication';

	icon = {
		light: 'file:../nodes/Symbl/symbl.svg',
		dark: 'file:../nodes/Symbl/symbl.dark.svg',
	} as const;

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'The App ID from the Symbl platform (Home > API Keys)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The App Secret that belongs to the App ID',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_SYMBL_BASE_URL,
			description:
				'Where the Symbl API is served. Change it only for a proxy, a regional endpoint or a local emulator.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const url = `${symblBaseUrl(credentials)}/oauth2/token:generate`;
		let response: { accessToken?: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url,
				body: { type: 'application', appId: credentials.appId, appSecret: credentials.appSecret },
				json: true,
				// The App Secret goes to the Base URL only, never to where a redirect points.
				disableFollowRedirect: true,
				timeout: TOKEN_TIMEOUT_MS,
			})) as { accessToken?: unknown };
		} catch (error) {
			// The request error carries the request body (with the secret): never rethrow it.
			const status = (error as { response?: { status?: number } }).response?.status;
			if (status === 401 || status === 403) {
				throw new Error(
					`Symbl rejected the App ID or App Secret (HTTP ${status}). Check both values in the Symbl API credential.`,
				);
			}
			const redirect =
				status && status >= 300 && status < 400
					? ' (a redirect, not followed: the App Secret is sent only to the Base URL)'
					: '';
			const reason = status
				? `HTTP ${status}${redirect}`
				: `${(error as { code?: string }).code ?? (error as Error).message}`;
			throw new Error(`Could not get a Symbl access token from ${url}: ${reason}`);
		}
		if (typeof response?.accessToken !== 'string' || response.accessToken === '') {
			throw new Error(`Symbl's token endpoint (${url}) answered without an access token`);
		}
		return { accessToken: response.accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	/**
	 * The Test button asks for a token with the App ID and Secret in the form. An API call would
	 * go out with the token n8n cached on the credential (it lives a day), so a wrong secret typed
	 * later would still test as "Connection tested successfully". A refused secret fails with
	 * preAuthentication's "Symbl rejected the App ID or App Secret" (n8n retries a 401 through it).
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://api.symbl.ai"}}',
			url: '/oauth2/token:generate',
			body: {
				type: 'application',
				appId: '={{$credentials.appId}}',
				appSecret: '={{$credentials.appSecret}}',
			},
			json: true,
			// As for the token request: the App Secret goes to the Base URL only.
			disableFollowRedirect: true,
		},
	};
}
