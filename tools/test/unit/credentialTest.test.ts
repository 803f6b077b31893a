/**
 * The Symbl API credential's Test button, run the way n8n runs it (packages/cli's
 * CredentialsTester.runRequestTest): a declarative node whose one property routes the
 * credential's `test.request`, executed by n8n-core's RoutingNode with the credential's
 * preAuthentication and authenticate applied. Found by the browser test (issue 22): with the
 * token n8n had cached on the credential, a wrong App Secret still tested successfully.
 */
import type { INodeType } from 'n8n-workflow';

import { SymblApi } from '../../../credentials/SymblApi.credentials';
import { runError } from '../../harness';
import { TestBed } from '../support';
import { node } from '../../workflow';

/** n8n's test node: the credential, and a property whose routing is the test request. */
const credentialTestNode: INodeType = {
	description: {
		displayName: 'Credential Test',
		name: 'credentialTest',
		group: ['transform'],
		version: 1,
		description: "Runs the Symbl API credential's test request, as n8n's credential tester does",
		defaults: { name: 'Credential Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'symblApi', required: true }],
		properties: [
			{
				displayName: 'Temp',
				name: 'temp',
				type: 'string',
				default: '',
				routing: { request: new SymblApi().test.request },
			},
		],
	},
};

describe("the Symbl API credential's Test", () => {
	let bed: TestBed;
	beforeEach(async () => {
		bed = await new TestBed().start();
		bed.harness.nodeTypes.add('test.credentialTest', credentialTestNode);
	});
	afterEach(async () => await bed.stop());

	/** Saves the credential as the dialog would (with n8n's cached token) and tests it. */
	async function test(appSecret: string, accessToken?: string) {
		const credential = bed.harness.credentials.save('cred-test', 'symblApi', {
			appId: bed.emulator.appId,
			appSecret,
			baseUrl: bed.emulator.baseUrl,
			...(accessToken ? { accessToken } : {}),
		});
		const run = await bed.harness.run({
			nodes: [
				node(
					'Credential Test',
					'test.credentialTest',
					{},
					{ credentials: { symblApi: credential } },
				),
			],
			connections: {},
		});
		return runError(run);
	}

	it('passes with the right App ID and Secret', async () => {
		expect(await test(bed.emulator.appSecret)).toBeUndefined();
	});

	it('fails with a wrong App Secret, clearly, without a cached token', async () => {
		expect((await test('wrong-secret'))?.message).toMatch(
			/^Symbl rejected the App ID or App Secret \(HTTP 401\)/,
		);
	});

	it('fails with a wrong App Secret even while n8n holds a valid token from the right one', async () => {
		expect(await test(bed.emulator.appSecret)).toBeUndefined();
		const cached = bed.harness.credentials.stored('cred-test')?.accessToken as string;
		expect([...bed.emulator.tokens.keys()]).toContain(cached);
		expect((await test('wrong-secret', cached))?.message).toMatch(
			/^Symbl rejected the App ID or App Secret \(HTTP 401\)/,
		);
	});
});
