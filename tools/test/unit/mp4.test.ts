import { readFileSync } from 'node:fs';

import { checkMp4 } from '../../../nodes/Symbl/helpers/mp4';
import { PART1 } from '../support';

describe('checkMp4', () => {
	it('accepts a real MP4 and names its brand', () => {
		expect(checkMp4(readFileSync(PART1).subarray(0, 16))).toEqual({
			isMp4: true,
			found: 'MP4 (brand "isom")',
		});
	});

	it.each([
		['WebM/Matroska video', '1a45dfa39f4286810142f7810142f281'],
		['WAV audio', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1').toString('hex')],
		['PNG image', '89504e470d0a1a0a0000000d49484452'],
		['PDF document', Buffer.from('%PDF-1.7\n%abcdefg', 'latin1').toString('hex')],
		['HTML page', Buffer.from('<!DOCTYPE html><h', 'latin1').toString('hex')],
	])('refuses %s and says what it found', (name, hex) => {
		const result = checkMp4(Buffer.from(hex, 'hex'));
		expect(result.isMp4).toBe(false);
		expect(result.found).toMatch(
			new RegExp(`^${name.replace('/', '\\/')} \\(first bytes: [0-9a-f ]+\\)$`),
		);
	});

	const ftyp = (size: number, brand: string) =>
		Buffer.concat([Buffer.from([0, 0, 0, size]), Buffer.from(`ftyp${brand}\0\0\0\0`, 'latin1')]);

	it.each([
		['HEIC image', 'heic'],
		['AVIF image', 'avif'],
		['M4A audio', 'M4A '],
		['QuickTime (MOV) video', 'qt  '],
	])('refuses %s, an ISO file that is not MP4 video', (name, brand) => {
		expect(checkMp4(ftyp(24, brand))).toEqual({
			isMp4: false,
			found: `${name} (brand "${brand.trim()}")`,
		});
	});

	it('accepts the MP4 brands cameras and encoders write', () => {
		for (const brand of ['isom', 'mp42', 'avc1', 'M4V ', 'dash']) {
			expect(checkMp4(ftyp(24, brand)).isMp4).toBe(true);
		}
	});

	it('refuses text that happens to have "ftyp" at byte 4', () => {
		expect(checkMp4(Buffer.from('Yes ftyp is a word, not a box', 'latin1')).isMp4).toBe(false);
	});

	it('refuses bytes too short to hold a box header', () => {
		expect(checkMp4(Buffer.from('ftyp'))).toMatchObject({ isMp4: false });
	});
});
