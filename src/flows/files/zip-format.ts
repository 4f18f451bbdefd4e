/** Record signatures of the ZIP format (APPNOTE 4.3), shared by the reader (safe-unzip) and the writer (stored-zip-writer). */
export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_EOCD = 0x06054b50;
