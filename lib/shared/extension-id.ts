/**
 * The id Chrome gives the extension built from this repository. Chrome derives it from the
 * manifest's `key` (the first 128 bits of the SHA-256 of the public key, written with the letters
 * a–p); a unit test recomputes it from extension/manifest.json, so the two cannot drift apart.
 * Other extensions are allowed with WEFT_EXTENSION_IDS.
 */
export const WEFT_EXTENSION_ID = 'ohpdobcmiamfbnhpapngdmlhnigibjim';
