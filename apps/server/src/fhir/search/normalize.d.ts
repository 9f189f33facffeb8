/** Strings are searched case- and accent-insensitively: both sides are stored and queried folded. */
export declare function foldString(value: string): string;
