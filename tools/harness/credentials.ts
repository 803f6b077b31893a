/**
 * The host side of credentials for workflows run by this harness: an in-memory
 * store standing in for n8n's database, with the same preAuthentication and
 * generic-authenticate rules as n8n's own CredentialsHelper (packages/cli), so the
 * credential's token caching and refresh-after-401 behave as they do in n8n.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

interface StoredCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

export class InMemoryCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();

	/** How often a credential's preAuthentication ran (token fetches), by credential id. */
	readonly preAuthenticationRuns = new Map<string, number>();

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	/** Saves a credential as a user would in the credentials dialog; returns the node reference. */
	save(id: string, type: string, data: ICredentialDataDecryptedObject): INodeCredentialsDetails {
		this.store.set(id, { type, data: { ...data } });
		return { id, name: `${type} ${id}` };
	}

	stored(id: string): ICredentialDataDecryptedObject | undefined {
		const entry = this.store.get(id);
		return entry && { ...entry.data };
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.types.get(name)?.extends ?? [];
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [section, values] of Object.entries(authenticate.properties)) {
				target[section] = target[section] ?? {};
				for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
					target[section][key] = workflow.expression.getSimpleParameterValue(
						node,
						value as string,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		) {
			return undefined;
		}
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference?.id) {
			this.preAuthenticationRuns.set(
				reference.id,
				(this.preAuthenticationRuns.get(reference.id) ?? 0) + 1,
			);
			await this.updateCredentials(reference, typeName, {
				...this.stored(reference.id),
				...output,
			} as ICredentialDataDecryptedObject);
		}
		return Object.assign(credentials, output);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Encrypted credentials are not used by this harness');
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const entry = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!entry || entry.type !== type) {
			throw new Error(`Credential "${nodeCredentials.name}" of type "${type}" does not exist`);
		}
		// Like n8n: unset properties take their defaults; callers get a copy, not the stored object.
		const data: ICredentialDataDecryptedObject = {};
		for (const property of this.type(type).properties) {
			if (property.default !== undefined) data[property.name] = property.default as string;
		}
		return { ...data, ...entry.data };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		if (nodeCredentials.id) this.store.set(nodeCredentials.id, { type, data: { ...data } });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
