import { readFileSync } from 'node:fs';

import { checkAudio, checkMp4 } from '../../../nodes/Symbl/helpers/media';
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

describe('checkAudio', () => {
	const ftyp = (brand: string) =>
		Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}\0\0\0\0`, 'latin1')]);

	it.each([
		['WAV audio', 'RIFF\x24\x00\x00\x00WAVEfmt ', 'audio/wav'],
		['MP3 audio', 'ID3\x03\x00\x00\x00\x00\x00\x00', 'audio/mpeg'],
		['MP3 audio', '\xff\xfb\x90\x64\x00\x00', 'audio/mpeg'],
		['AAC audio (ADTS)', '\xff\xf1\x50\x80\x02\x1f', undefined],
		['FLAC audio', 'fLaC\x00\x00\x00\x22', undefined],
		['Ogg audio (Vorbis or Opus)', 'OggS\x00\x02\x00\x00', undefined],
		['AMR audio', '#!AMR\n', undefined],
		['AMR audio', '#!AMR-WB\n', undefined],
		['AC-3 audio', '\x0b\x77\x3c\x2e', undefined],
		['AIFF audio', 'FORM\x00\x00\x10\x00AIFFCOMM', undefined],
		[
			'WMA audio (ASF)',
			'\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c',
			undefined,
		],
	])(
		'takes %s, with the Content-Type Symbl lists for it (or none)',
		(found, bytes, contentType) => {
			expect(checkAudio(Buffer.from(bytes, 'latin1'))).toEqual({
				isAudio: true,
				found,
				contentType,
			});
		},
	);

	it('takes M4A by its brand, and an MP4 of a generic brand only when the binary says it is audio', () => {
		expect(checkAudio(ftyp('M4A '))).toEqual({ isAudio: true, found: 'M4A audio (brand "M4A")' });
		expect(checkAudio(ftyp('isom'), 'audio/mp4')).toMatchObject({ isAudio: true });
		expect(checkAudio(ftyp('isom'), 'video/mp4')).toEqual({
			isAudio: false,
			found: 'MP4 video (brand "isom")',
		});
		expect(checkAudio(ftyp('M4P '), 'audio/mp4')).toMatchObject({ isAudio: false });
		expect(checkAudio(ftyp('qt  '), 'audio/mp4')).toMatchObject({ isAudio: false });
	});

	it.each([
		['PNG image', '89504e470d0a1a0a0000000d49484452'],
		['WebM/Matroska video', '1a45dfa39f4286810142f7810142f281'],
		['AVI video', Buffer.from('RIFF\x24\x00\x00\x00AVI LIST', 'latin1').toString('hex')],
		['JPEG image', 'ffd8ffe000104a464946000101000001'],
		['unknown data', Buffer.from('plain words here', 'latin1').toString('hex')],
	])('refuses %s and says what it found', (name, hex) => {
		const result = checkAudio(Buffer.from(hex, 'hex'), 'audio/mpeg');
		expect(result.isAudio).toBe(false);
		expect(result.found.startsWith(`${name} (first bytes: `)).toBe(true);
	});
});
