/**
 * Container sniffing for uploads. Symbl accepts only MP4 (ISO base media file
 * format), whose first box is `ftyp` at byte offset 4. We check before a byte is
 * sent, and say what the file looks like instead, so a user fixes the right node.
 */

/** How many leading bytes the check needs. */
export const SNIFF_BYTES = 16;

const KNOWN_SIGNATURES: Array<{ name: string; test: (b: Buffer) => boolean }> = [
	{
		name: 'WebM/Matroska video',
		test: (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
	},
	{ name: 'AVI video', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'AVI ' },
	{ name: 'WAV audio', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE' },
	{
		name: 'MP3 audio',
		test: (b) => ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0),
	},
	{ name: 'Ogg media', test: (b) => ascii(b, 0, 4) === 'OggS' },
	{ name: 'FLAC audio', test: (b) => ascii(b, 0, 4) === 'fLaC' },
	{ name: 'MPEG transport stream', test: (b) => b[0] === 0x47 && b.length > 1 },
	{
		name: 'PNG image',
		test: (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
	},
	{ name: 'JPEG image', test: (b) => b[0] === 0xff && b[1] === 0xd8 },
	{ name: 'PDF document', test: (b) => ascii(b, 0, 5) === '%PDF-' },
	{ name: 'ZIP archive', test: (b) => ascii(b, 0, 2) === 'PK' },
	{ name: 'HTML page', test: (b) => /^\s*<(!doctype|html)/i.test(ascii(b, 0, b.length)) },
	{ name: 'JSON text', test: (b) => /^\s*[{[]/.test(ascii(b, 0, b.length)) },
];

function ascii(buffer: Buffer, start: number, end: number): string {
	return buffer.subarray(start, end).toString('latin1');
}

export interface ContainerCheck {
	isMp4: boolean;
	/** What the bytes look like, for the error message when they are not MP4. */
	found: string;
}

/**
 * ISO base media files that are not MP4 video: the same 'ftyp' box, another major brand.
 * HEIC/AVIF images, M4A/M4B audio and QuickTime MOV would pass a bare 'ftyp' check.
 */
const OTHER_ISO_BRANDS: Record<string, string> = {
	heic: 'HEIC image',
	heix: 'HEIC image',
	hevc: 'HEIC image sequence',
	mif1: 'HEIF image',
	msf1: 'HEIF image sequence',
	avif: 'AVIF image',
	avis: 'AVIF image sequence',
	'M4A ': 'M4A audio',
	'M4B ': 'M4B audiobook',
	'M4P ': 'protected M4A audio',
	'qt  ': 'QuickTime (MOV) video',
	'crx ': 'Canon raw image',
	jp2: 'JPEG 2000 image',
};

/** An 'ftyp' box as a real file has it: 16 bytes or more, brands of four printable characters. */
function plausibleFtyp(head: Buffer): boolean {
	const size = head.readUInt32BE(0);
	return (
		size >= 16 && size <= 4096 && size % 4 === 0 && /^[\x20-\x7e]{4}$/.test(ascii(head, 8, 12))
	);
}

export function checkMp4(head: Buffer): ContainerCheck {
	if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && plausibleFtyp(head)) {
		const brand = ascii(head, 8, 12);
		const other = OTHER_ISO_BRANDS[brand] ?? OTHER_ISO_BRANDS[brand.trim()];
		if (!other) return { isMp4: true, found: `MP4 (brand "${brand.trim()}")` };
		return { isMp4: false, found: `${other} (brand "${brand.trim()}")` };
	}
	const known = KNOWN_SIGNATURES.find((signature) => signature.test(head));
	const hex = head.subarray(0, 12).toString('hex').replace(/(..)/g, '$1 ').trim();
	return {
		isMp4: false,
		found: known ? `${known.name} (first bytes: ${hex})` : `unknown data (first bytes: ${hex})`,
	};
}
