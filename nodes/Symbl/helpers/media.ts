/**
 * Container sniffing for uploads: the first bytes of a file say what it is, checked before a byte
 * is sent, so a wrong file fails at once with a message saying what it looks like instead (and the
 * user fixes the right node) rather than as a failed Symbl job minutes later.
 *
 * - Video calls take only MP4 (ISO base media file format: the first box is `ftyp` at byte 4).
 * - Audio calls take the formats Symbl's FAQ lists (mp3, wav, amr, aac, ac3, aiff, flac, ogg, opus,
 *   wma, m4a). Their Content-Type header is optional and may only be audio/wav, audio/mpeg,
 *   audio/mp3 or audio/wave ("if your audio is in a format other than these, do not use this
 *   field"), so WAV is sent as audio/wav, MP3 as audio/mpeg, and the others with no Content-Type.
 */

/** How many leading bytes the checks need. */
export const SNIFF_BYTES = 16;

interface Signature {
	name: string;
	test: (b: Buffer) => boolean;
	/** Set for audio Symbl's audio calls take; `contentType` only where Symbl lists one. */
	audio?: { contentType?: string };
}

function ascii(buffer: Buffer, start: number, end: number): string {
	return buffer.subarray(start, end).toString('latin1');
}

const startsWith = (b: Buffer, bytes: number[]) =>
	b.subarray(0, bytes.length).equals(Buffer.from(bytes));

/** ADTS (raw AAC): a 12-bit sync, then the MPEG version bit and layer 00. */
const isAdts = (b: Buffer) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0;

/** An MPEG audio frame (MP3): an 11-bit sync, a version that is not reserved, a layer that is not 00. */
const isMpegAudioFrame = (b: Buffer) =>
	b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x18) !== 0x08 && (b[1] & 0x06) !== 0;

/** ASF, the container of WMA (and WMV): its header object's GUID. */
const ASF_GUID = [
	0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c,
];

const SIGNATURES: Signature[] = [
	{ name: 'WebM/Matroska video', test: (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
	{ name: 'AVI video', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'AVI ' },
	{
		name: 'WAV audio',
		test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE',
		audio: { contentType: 'audio/wav' },
	},
	{
		name: 'AIFF audio',
		test: (b) => ascii(b, 0, 4) === 'FORM' && /^AIF[FC]$/.test(ascii(b, 8, 12)),
		audio: {},
	},
	{ name: 'AAC audio (ADTS)', test: isAdts, audio: {} },
	{
		name: 'MP3 audio',
		test: (b) => ascii(b, 0, 3) === 'ID3' || isMpegAudioFrame(b),
		audio: { contentType: 'audio/mpeg' },
	},
	{ name: 'Ogg audio (Vorbis or Opus)', test: (b) => ascii(b, 0, 4) === 'OggS', audio: {} },
	{ name: 'FLAC audio', test: (b) => ascii(b, 0, 4) === 'fLaC', audio: {} },
	{ name: 'AMR audio', test: (b) => ascii(b, 0, 5) === '#!AMR', audio: {} },
	{ name: 'AC-3 audio', test: (b) => startsWith(b, [0x0b, 0x77]), audio: {} },
	{ name: 'WMA audio (ASF)', test: (b) => startsWith(b, ASF_GUID), audio: {} },
	{ name: 'MPEG transport stream', test: (b) => b[0] === 0x47 && b.length > 1 },
	{ name: 'PNG image', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47]) },
	{ name: 'JPEG image', test: (b) => b[0] === 0xff && b[1] === 0xd8 },
	{ name: 'PDF document', test: (b) => ascii(b, 0, 5) === '%PDF-' },
	{ name: 'ZIP archive', test: (b) => ascii(b, 0, 2) === 'PK' },
	{ name: 'HTML page', test: (b) => /^\s*<(!doctype|html)/i.test(ascii(b, 0, b.length)) },
	{ name: 'JSON text', test: (b) => /^\s*[{[]/.test(ascii(b, 0, b.length)) },
];

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

/** The ISO brands of audio Symbl's audio calls take (M4A; an M4B audiobook is the same AAC in MP4). */
const AUDIO_ISO_BRANDS = new Set(['M4A ', 'M4B ']);

/** The major brand of an 'ftyp' box as a real file has it (16 bytes or more, 4 printable characters). */
function isoBrand(head: Buffer): string | undefined {
	if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return undefined;
	const size = head.readUInt32BE(0);
	const brand = ascii(head, 8, 12);
	const plausible = size >= 16 && size <= 4096 && size % 4 === 0 && /^[\x20-\x7e]{4}$/.test(brand);
	return plausible ? brand : undefined;
}

/** What an ISO brand that is not MP4 video is, or undefined for MP4 video. */
function otherIsoKind(brand: string): string | undefined {
	return OTHER_ISO_BRANDS[brand] ?? OTHER_ISO_BRANDS[brand.trim()];
}

/** A refused file's description: what it looks like, and its first bytes. */
function describeUnknown(head: Buffer): { known?: Signature; found: string } {
	const known = SIGNATURES.find((signature) => signature.test(head));
	const hex = head.subarray(0, 12).toString('hex').replace(/(..)/g, '$1 ').trim();
	return {
		known,
		found: known ? `${known.name} (first bytes: ${hex})` : `unknown data (first bytes: ${hex})`,
	};
}

export interface ContainerCheck {
	isMp4: boolean;
	/** What the bytes look like, for the error message when they are not MP4. */
	found: string;
}

export function checkMp4(head: Buffer): ContainerCheck {
	const brand = isoBrand(head);
	if (brand !== undefined) {
		const other = otherIsoKind(brand);
		if (!other) return { isMp4: true, found: `MP4 (brand "${brand.trim()}")` };
		return { isMp4: false, found: `${other} (brand "${brand.trim()}")` };
	}
	return { isMp4: false, found: describeUnknown(head).found };
}

export interface AudioCheck {
	isAudio: boolean;
	/** What the bytes look like: the format found, or what was found instead. */
	found: string;
	/** The Content-Type to send, where Symbl lists one for the format; otherwise none is sent. */
	contentType?: string;
}

/**
 * Whether the file is audio Symbl's audio calls take, and the Content-Type to send. An MP4 file of
 * a generic brand (isom, mp42, …) is video unless the binary says it is audio (`audio/mp4`, as n8n
 * labels an .m4a file): some encoders write .m4a files with the generic brands.
 */
export function checkAudio(head: Buffer, declaredMimeType = ''): AudioCheck {
	const brand = isoBrand(head);
	if (brand !== undefined) {
		const name = brand.trim();
		if (AUDIO_ISO_BRANDS.has(brand)) return { isAudio: true, found: `M4A audio (brand "${name}")` };
		const other = otherIsoKind(brand);
		if (other) return { isAudio: false, found: `${other} (brand "${name}")` };
		if (/^audio\//i.test(declaredMimeType)) {
			return { isAudio: true, found: `MP4 audio (brand "${name}", declared ${declaredMimeType})` };
		}
		return { isAudio: false, found: `MP4 video (brand "${name}")` };
	}
	const { known, found } = describeUnknown(head);
	if (known?.audio)
		return { isAudio: true, found: known.name, contentType: known.audio.contentType };
	return { isAudio: false, found };
}

/** The Content-Types Symbl's audio calls list; any other must not be sent. */
export const AUDIO_CONTENT_TYPES = ['audio/wav', 'audio/mpeg', 'audio/mp3', 'audio/wave'] as const;
